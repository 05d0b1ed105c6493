package org.cityhealth.dicom;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Map;

/**
 * An established association on a socket, either side: sends and receives DIMSE messages (a command, then
 * optionally a data set) as P-DATA-TF PDUs whose PDVs are fragmented to the peer's maximum PDU length and
 * reassembled from the peer's fragments (PS3.8 §9.3.5, Annex E).
 */
final class Association {
    /** Command sets are a few hundred bytes; this bounds a hostile one. */
    private static final int MAX_COMMAND_BYTES = 1 << 16;
    /** Used when the peer advertises 0 (no limit): fragments of this size keep buffers small. */
    private static final int DEFAULT_FRAGMENT = 1 << 16;

    /** A received DIMSE message; {@code data} is null for commands without a data set. */
    record Message(int contextId, Dataset command, byte[] data) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final long peerMaxPduLength;
    private final long ourMaxPduLength;
    private final long maxDatasetBytes;
    /** Accepted presentation context id → its abstract syntax and transfer syntax. */
    private final Map<Integer, String[]> contexts;

    Association(Socket socket, DataInputStream in, OutputStream out, long peerMaxPduLength, long ourMaxPduLength,
            long maxDatasetBytes, Map<Integer, String[]> contexts) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.peerMaxPduLength = peerMaxPduLength;
        this.ourMaxPduLength = ourMaxPduLength;
        this.maxDatasetBytes = maxDatasetBytes;
        this.contexts = Map.copyOf(contexts);
    }

    static DataInputStream input(Socket socket) throws IOException {
        return new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65536));
    }

    static OutputStream output(Socket socket) throws IOException {
        return new BufferedOutputStream(socket.getOutputStream(), 65536);
    }

    Socket socket() {
        return socket;
    }

    Map<Integer, String[]> contexts() {
        return contexts;
    }

    String abstractSyntax(int contextId) {
        return contexts.get(contextId)[0];
    }

    String transferSyntax(int contextId) {
        return contexts.get(contextId)[1];
    }

    /**
     * Receives the next message; null when the peer asked to release instead (the caller answers). An A-ABORT
     * from the peer or a protocol violation is a {@link DicomException}.
     */
    Message receive() throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        ByteArrayOutputStream data = null;
        int contextId = -1;
        Dataset commandSet = null;
        while (true) {
            UpperLayer.Pdu pdu = UpperLayer.read(in, ourMaxPduLength + 6 + 1024);
            switch (pdu.type()) {
                case UpperLayer.P_DATA_TF -> { }
                case UpperLayer.RELEASE_RQ -> {
                    if (contextId >= 0) {
                        throw new DicomException("A-RELEASE-RQ in the middle of a message");
                    }
                    return null;
                }
                case UpperLayer.ABORT -> throw new DicomException("association aborted by the peer (source "
                        + (pdu.body().length > 2 ? pdu.body()[2] : -1) + ", reason "
                        + (pdu.body().length > 3 ? pdu.body()[3] : -1) + ")");
                default -> throw new DicomException("unexpected PDU type " + pdu.type() + " on an association");
            }
            byte[] body = pdu.body();
            int at = 0;
            if (body.length == 0) {
                throw new DicomException("P-DATA-TF without a PDV");
            }
            while (at < body.length) {
                if (body.length - at < 6) {
                    throw new DicomException("truncated PDV header at offset " + at + " of a P-DATA-TF");
                }
                long length = ((body[at] & 0xFFL) << 24) | ((body[at + 1] & 0xFFL) << 16)
                        | ((body[at + 2] & 0xFFL) << 8) | (body[at + 3] & 0xFFL);
                if (length < 2 || length > body.length - at - 4) {
                    throw new DicomException("PDV length " + length + " at offset " + at + " does not fit its PDU");
                }
                int id = body[at + 4] & 0xFF;
                int control = body[at + 5] & 0xFF;
                int fragmentLength = (int) length - 2;
                if (!contexts.containsKey(id)) {
                    throw new DicomException("PDV for presentation context " + id + ", which was not accepted");
                }
                if (contextId >= 0 && id != contextId) {
                    throw new DicomException("PDV for context " + id + " interleaved in a message on context "
                            + contextId);
                }
                contextId = id;
                boolean isCommand = (control & 1) == 1;
                boolean last = (control & 2) == 2;
                if (isCommand) {
                    if (commandSet != null) {
                        throw new DicomException("command fragment after the command was complete");
                    }
                    if (command.size() + fragmentLength > MAX_COMMAND_BYTES) {
                        throw new DicomException("command set larger than " + MAX_COMMAND_BYTES + " bytes");
                    }
                    command.write(body, at + 6, fragmentLength);
                    if (last) {
                        commandSet = parseCommand(command.toByteArray());
                        if (!Dimse.hasDataset(commandSet)) {
                            return new Message(contextId, commandSet, null);
                        }
                        data = new ByteArrayOutputStream();
                    }
                } else {
                    if (commandSet == null || data == null) {
                        throw new DicomException("data set fragment before its command");
                    }
                    if (data.size() + (long) fragmentLength > maxDatasetBytes) {
                        throw new DicomException("data set larger than " + maxDatasetBytes + " bytes");
                    }
                    data.write(body, at + 6, fragmentLength);
                    if (last) {
                        if (at + 4 + length != body.length) {
                            throw new DicomException("PDVs after the last data set fragment");
                        }
                        return new Message(contextId, commandSet, data.toByteArray());
                    }
                }
                at += 4 + (int) length;
            }
        }
    }

    private static Dataset parseCommand(byte[] bytes) {
        try {
            return new DatasetReader(bytes, 0, bytes.length, false, false, 0, "command set").readDataset();
        } catch (DicomException e) {
            throw new DicomException("malformed command set: " + e.getMessage(), e);
        }
    }

    /** Sends a command and, when given, its data set on one presentation context. */
    void send(int contextId, Dataset command, byte[] data) throws IOException {
        sendFragments(contextId, Dimse.encode(command), true);
        if (data != null) {
            sendFragments(contextId, data, false);
        }
        out.flush();
    }

    private void sendFragments(int contextId, byte[] bytes, boolean command) throws IOException {
        int maxFragment = peerMaxPduLength == 0 ? DEFAULT_FRAGMENT
                : (int) Math.min(Integer.MAX_VALUE - 16, Math.max(1, peerMaxPduLength - 6));
        int at = 0;
        byte[] header = new byte[12];
        do {
            int length = Math.min(maxFragment, bytes.length - at);
            boolean last = at + length == bytes.length;
            int pduLength = length + 6;
            int pdvLength = length + 2;
            header[0] = UpperLayer.P_DATA_TF;
            header[1] = 0;
            putInt(header, 2, pduLength);
            putInt(header, 6, pdvLength);
            header[10] = (byte) contextId;
            header[11] = (byte) ((command ? 1 : 0) | (last ? 2 : 0));
            out.write(header);
            out.write(bytes, at, length);
            at += length;
        } while (at < bytes.length);
    }

    void sendPdu(int type, byte[] body) throws IOException {
        UpperLayer.write(out, type, body);
    }

    UpperLayer.Pdu readPdu() throws IOException {
        return UpperLayer.read(in, ourMaxPduLength + 6 + 1024);
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }
}
