package org.cityhealth.dicom;

/**
 * The one failure type of this library: a malformed file or PDU, an unsupported encoding, a refused or broken
 * association. Unchecked, so handlers and lambdas need not wrap it; the message names the byte offset and tag
 * where the input went wrong so a caller can log it verbatim.
 */
public final class DicomException extends RuntimeException {
    public DicomException(String message) {
        super(message);
    }

    public DicomException(String message, Throwable cause) {
        super(message, cause);
    }
}
