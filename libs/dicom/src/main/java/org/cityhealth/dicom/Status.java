package org.cityhealth.dicom;

/**
 * DIMSE status codes (PS3.7 Annex C) a {@link StoreHandler} or {@link FindHandler} returns and a {@link DicomClient} reports, and their
 * classes: success 0000, warnings 0001 and Bxxx, failures Axxx, Cxxx and 01xx/02xx.
 */
public final class Status {
    private Status() {
    }

    public static final int SUCCESS = 0x0000;
    /** Warning: coercion of data elements (the SCP changed some values). */
    public static final int COERCION_OF_DATA_ELEMENTS = 0xB000;
    /** Warning: data set does not match SOP class, stored anyway. */
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING = 0xB007;
    /** Warning: elements discarded. */
    public static final int ELEMENTS_DISCARDED = 0xB006;
    /** Failure: refused, out of resources (e.g. the store is full or the instance too large). */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** Failure: data set does not match SOP class (e.g. required identifiers missing). */
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    /** Failure: cannot understand (the data set could not be parsed). */
    public static final int CANNOT_UNDERSTAND = 0xC000;
    /** Failure: processing failure (PS3.7 C.4.2; an unexpected error in the SCP). */
    public static final int PROCESSING_FAILURE = 0x0110;
    /** Failure: duplicate SOP instance. */
    public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    /** Failure: SOP class not supported. */
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    /** Failure: C-FIND identifier does not match SOP class (an unknown level, a key not allowed at it). */
    public static final int IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    /** Failure: C-FIND unable to process (the SCP failed to search). */
    public static final int UNABLE_TO_PROCESS = 0xC001;
    /** C-MOVE failure: refused, move destination unknown. */
    public static final int MOVE_DESTINATION_UNKNOWN = 0xA801;
    /** C-MOVE failure: refused, out of resources, unable to perform sub-operations (every one failed). */
    public static final int UNABLE_TO_PERFORM_SUB_OPERATIONS = 0xA702;
    /** C-MOVE warning: sub-operations complete, one or more failures or warnings. */
    public static final int SUB_OPERATIONS_COMPLETE_WITH_FAILURES = 0xB000;
    /** Pending: a C-FIND match follows (all optional keys supported). */
    public static final int PENDING = 0xFF00;
    /** Failure: unrecognized operation (a DIMSE command this SCP does not serve). */
    public static final int UNRECOGNIZED_OPERATION = 0x0211;

    public static boolean isSuccess(int status) {
        return status == SUCCESS;
    }

    public static boolean isWarning(int status) {
        return status == 0x0001 || (status & 0xF000) == 0xB000;
    }

    public static boolean isFailure(int status) {
        return !isSuccess(status) && !isWarning(status) && status != 0xFF00 && status != 0xFF01 && status != 0xFE00;
    }

    /** {@code 0xA900} as "A900", the form logs and dcmtk print. */
    public static String toString(int status) {
        return String.format("%04X", status);
    }
}
