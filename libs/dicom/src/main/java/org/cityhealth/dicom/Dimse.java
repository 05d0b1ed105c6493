package org.cityhealth.dicom;

import java.io.ByteArrayOutputStream;

/**
 * DIMSE command sets of PS3.7 §9.3 for C-ECHO, C-STORE, C-FIND and C-MOVE: always implicit VR little endian, group 0000 with
 * its group length first.
 */
final class Dimse {
    private Dimse() {
    }

    static final int C_STORE_RQ = 0x0001;
    static final int C_STORE_RSP = 0x8001;
    static final int C_ECHO_RQ = 0x0030;
    static final int C_ECHO_RSP = 0x8030;
    static final int C_FIND_RQ = 0x0020;
    static final int C_MOVE_RQ = 0x0021;
    /** Sent by an SCU to stop a C-FIND's pending responses; it gets no response of its own. */
    static final int C_CANCEL_RQ = 0x0FFF;
    /** A CommandDataSetType value meaning "a data set follows" (any value but {@link #NO_DATASET}). */
    static final int DATASET_PRESENT = 0x0000;
    /** CommandDataSetType value meaning "no data set" (PS3.7 E.1). */
    static final int NO_DATASET = 0x0101;

    static final int COMMAND_FIELD = 0x00000100;
    static final int AFFECTED_SOP_CLASS_UID = 0x00000002;
    static final int MESSAGE_ID = 0x00000110;
    static final int MESSAGE_ID_BEING_RESPONDED_TO = 0x00000120;
    static final int PRIORITY = 0x00000700;
    static final int COMMAND_DATASET_TYPE = 0x00000800;
    static final int STATUS = 0x00000900;
    static final int ERROR_COMMENT = 0x00000902;
    static final int MOVE_DESTINATION = 0x00000600;
    static final int MOVE_ORIGINATOR_AE_TITLE = 0x00001030;
    static final int MOVE_ORIGINATOR_MESSAGE_ID = 0x00001031;
    static final int COMPLETED_SUBOPERATIONS = 0x00001021;
    static final int FAILED_SUBOPERATIONS = 0x00001022;
    static final int WARNING_SUBOPERATIONS = 0x00001023;
    static final int AFFECTED_SOP_INSTANCE_UID = 0x00001000;

    static boolean hasDataset(Dataset command) {
        return command.getInt(COMMAND_DATASET_TYPE, NO_DATASET) != NO_DATASET;
    }

    static Dataset echoRequest(int messageId) {
        Dataset command = new Dataset();
        command.setString(AFFECTED_SOP_CLASS_UID, VR.UI, Uids.VERIFICATION);
        command.setInt(COMMAND_FIELD, VR.US, C_ECHO_RQ);
        command.setInt(MESSAGE_ID, VR.US, messageId);
        command.setInt(COMMAND_DATASET_TYPE, VR.US, NO_DATASET);
        return command;
    }

    static Dataset storeRequest(int messageId, String sopClass, String sopInstance) {
        Dataset command = new Dataset();
        command.setString(AFFECTED_SOP_CLASS_UID, VR.UI, sopClass);
        command.setInt(COMMAND_FIELD, VR.US, C_STORE_RQ);
        command.setInt(MESSAGE_ID, VR.US, messageId);
        command.setInt(PRIORITY, VR.US, 0);
        command.setInt(COMMAND_DATASET_TYPE, VR.US, 0x0000);
        command.setString(AFFECTED_SOP_INSTANCE_UID, VR.UI, sopInstance);
        return command;
    }

    /** The response to a request: its command field with the response bit, the message id, the status. */
    static Dataset response(Dataset request, int status) {
        Dataset command = new Dataset();
        request.getString(AFFECTED_SOP_CLASS_UID)
                .ifPresent(uid -> command.setString(AFFECTED_SOP_CLASS_UID, VR.UI, uid));
        command.setInt(COMMAND_FIELD, VR.US, request.getInt(COMMAND_FIELD, 0) | 0x8000);
        command.setInt(MESSAGE_ID_BEING_RESPONDED_TO, VR.US, request.getInt(MESSAGE_ID, 0));
        command.setInt(COMMAND_DATASET_TYPE, VR.US, NO_DATASET);
        command.setInt(STATUS, VR.US, status);
        request.getString(AFFECTED_SOP_INSTANCE_UID)
                .ifPresent(uid -> command.setString(AFFECTED_SOP_INSTANCE_UID, VR.UI, uid));
        return command;
    }

    static byte[] encode(Dataset command) {
        command.remove(0x00000000);
        byte[] body = DatasetWriter.encode(command, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 12);
        out.writeBytes(new byte[] {0, 0, 0, 0, 4, 0, 0, 0});
        out.writeBytes(DatasetWriter.littleEndianInt(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
