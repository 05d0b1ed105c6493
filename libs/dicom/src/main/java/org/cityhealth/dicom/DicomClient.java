package org.cityhealth.dicom;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A DICOM SCU: opens an association proposing presentation contexts, sends C-ECHO and C-STORE requests one at a
 * time, and releases. Not thread-safe: one association, one caller. A rejected association, an abort or a
 * protocol violation is a {@link DicomException}; network failures are {@link UncheckedIOException}.
 */
public final class DicomClient implements AutoCloseable {
    /** The largest P-DATA PDU we accept from the SCP. */
    private static final int MAX_PDU_LENGTH = 65536;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Association association;
    private int nextMessageId = 1;
    private boolean open = true;

    private DicomClient(Association association) {
        this.association = association;
    }

    public static DicomClient associate(String host, int port, String callingAeTitle, String calledAeTitle,
            List<PresentationContext> contexts) {
        return associate(host, port, callingAeTitle, calledAeTitle, contexts, DEFAULT_TIMEOUT);
    }

    /** As {@link #associate(String, int, String, String, List)}, with a connect and response timeout. */
    public static DicomClient associate(String host, int port, String callingAeTitle, String calledAeTitle,
            List<PresentationContext> contexts, Duration timeout) {
        if (contexts.isEmpty() || contexts.size() > 128) {
            throw new IllegalArgumentException("propose between 1 and 128 presentation contexts");
        }
        List<UpperLayer.ProposedContext> proposed = new ArrayList<>();
        for (int i = 0; i < contexts.size(); i++) {
            proposed.add(new UpperLayer.ProposedContext(2 * i + 1, contexts.get(i).abstractSyntax(),
                    contexts.get(i).transferSyntaxes()));
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            DataInputStream in = Association.input(socket);
            OutputStream out = Association.output(socket);
            UpperLayer.Associate request = new UpperLayer.Associate(calledAeTitle, callingAeTitle, 1,
                    UpperLayer.APPLICATION_CONTEXT, proposed, List.of(), MAX_PDU_LENGTH, null, null);
            UpperLayer.write(out, UpperLayer.ASSOCIATE_RQ, UpperLayer.encodeAssociate(true, request));
            UpperLayer.Pdu reply = UpperLayer.read(in, 0);
            switch (reply.type()) {
                case UpperLayer.ASSOCIATE_AC -> { }
                case UpperLayer.ASSOCIATE_RJ -> {
                    byte[] body = reply.body();
                    throw new DicomException("association rejected: " + (body.length == 4
                            ? new AssociationRejection(body[1], body[2], body[3]).toString() : "malformed reply"));
                }
                case UpperLayer.ABORT -> throw new DicomException("association aborted by " + calledAeTitle);
                default -> throw new DicomException("unexpected PDU type " + reply.type() + " instead of A-ASSOCIATE-AC");
            }
            UpperLayer.Associate accept = UpperLayer.decodeAssociate(false, reply.body());
            Map<Integer, String[]> accepted = new HashMap<>();
            for (UpperLayer.AcceptedContext context : accept.accepted()) {
                int index = (context.id() - 1) / 2;
                if (context.result() == UpperLayer.ACCEPTANCE && context.id() % 2 == 1 && index < proposed.size()
                        && context.transferSyntax() != null) {
                    accepted.put(context.id(), new String[] {proposed.get(index).abstractSyntax(),
                        context.transferSyntax()});
                }
            }
            return new DicomClient(new Association(socket, in, out, accept.maxPduLength(), MAX_PDU_LENGTH,
                    DicomFile.DEFAULT_MAX_BYTES, accepted));
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("association with " + calledAeTitle + " at " + host + ":" + port
                    + " failed", e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** The transfer syntax the SCP accepted for an abstract syntax, if it accepted one. */
    public Optional<String> acceptedTransferSyntax(String abstractSyntax) {
        return association.contexts().values().stream().filter(c -> c[0].equals(abstractSyntax))
                .map(c -> c[1]).findFirst();
    }

    /** Sends a C-ECHO; returns the status (0 for success). */
    public int echo() {
        int context = contextFor(Uids.VERIFICATION, null);
        return exchange(context, Dimse.echoRequest(nextMessageId()), null);
    }

    /**
     * Sends the file's data set with C-STORE; returns the status. The data set goes in the file's own transfer
     * syntax when the SCP accepted it, otherwise (native data only) in the native syntax it accepted.
     */
    public int store(DicomFile file) {
        String sopClass = file.sopClassUid();
        int context = contextFor(sopClass, file.transferSyntax());
        String syntax = association.transferSyntax(context);
        if (!syntax.equals(file.transferSyntax()) && (TransferSyntax.isEncapsulated(syntax)
                || TransferSyntax.isEncapsulated(file.transferSyntax()))) {
            throw new DicomException("SCP accepted " + sopClass + " only in " + syntax
                    + ", which needs transcoding from " + file.transferSyntax());
        }
        return store(sopClass, file.sopInstanceUid(), syntax, DicomFile.encodeDataset(file.dataset(), syntax));
    }

    /** Sends data set bytes already encoded in {@code transferSyntax}; returns the status. */
    public int store(String sopClass, String sopInstance, String transferSyntax, byte[] datasetBytes) {
        return store(sopClass, sopInstance, transferSyntax, datasetBytes, null, 0);
    }

    /**
     * As {@link #store(String, String, String, byte[])}, as a C-MOVE's sub-operation: the command names the AE title and
     * message id of the C-MOVE it serves (PS3.4 C.4.2.2.1), so that the destination can tell what it receives for whom.
     */
    public int store(String sopClass, String sopInstance, String transferSyntax, byte[] datasetBytes, String moveOriginatorAeTitle,
            int moveOriginatorMessageId) {
        int context = association.contexts().entrySet().stream()
                .filter(e -> e.getValue()[0].equals(sopClass) && e.getValue()[1].equals(transferSyntax))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new DicomException("no accepted presentation context for " + sopClass + " in "
                        + transferSyntax));
        Dataset command = Dimse.storeRequest(nextMessageId(), sopClass, sopInstance);
        if (moveOriginatorAeTitle != null) {
            command.setString(Dimse.MOVE_ORIGINATOR_AE_TITLE, VR.AE, moveOriginatorAeTitle);
            command.setInt(Dimse.MOVE_ORIGINATOR_MESSAGE_ID, VR.US, moveOriginatorMessageId);
        }
        return exchange(context, command, datasetBytes);
    }

    /** Releases the association (A-RELEASE-RQ, waits for the RP) and closes the connection. */
    public void release() {
        if (!open) {
            return;
        }
        open = false;
        try {
            association.sendPdu(UpperLayer.RELEASE_RQ, new byte[4]);
            UpperLayer.Pdu reply = association.readPdu();
            if (reply.type() != UpperLayer.RELEASE_RP) {
                throw new DicomException("expected A-RELEASE-RP, got PDU type " + reply.type());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("release failed", e);
        } finally {
            closeQuietly(association.socket());
        }
    }

    /** Aborts the association (A-ABORT from the service user) and closes the connection. */
    public void abort() {
        if (!open) {
            return;
        }
        open = false;
        try {
            association.sendPdu(UpperLayer.ABORT, UpperLayer.abortBody(0, 0));
        } catch (IOException e) {
            // Aborting a broken connection: closing it below is all that is left.
        } finally {
            closeQuietly(association.socket());
        }
    }

    /** Releases if still open; a failing release aborts instead. */
    @Override
    public void close() {
        try {
            release();
        } catch (RuntimeException e) {
            closeQuietly(association.socket());
        }
    }

    private int contextFor(String abstractSyntax, String preferredSyntax) {
        Integer fallback = null;
        for (Map.Entry<Integer, String[]> entry : association.contexts().entrySet()) {
            if (entry.getValue()[0].equals(abstractSyntax)) {
                if (preferredSyntax == null || entry.getValue()[1].equals(preferredSyntax)) {
                    return entry.getKey();
                }
                fallback = entry.getKey();
            }
        }
        if (fallback == null) {
            throw new DicomException("the SCP accepted no presentation context for " + Uids.name(abstractSyntax));
        }
        return fallback;
    }

    private int exchange(int context, Dataset command, byte[] data) {
        if (!open) {
            throw new DicomException("association is released");
        }
        int messageId = command.getInt(Dimse.MESSAGE_ID, 0);
        try {
            association.send(context, command, data);
            Association.Message response = association.receive();
            if (response == null) {
                throw new DicomException("the SCP asked to release while a response was due");
            }
            if (response.command().getInt(Dimse.MESSAGE_ID_BEING_RESPONDED_TO, -1) != messageId) {
                throw new DicomException("response to message " + response.command()
                        .getInt(Dimse.MESSAGE_ID_BEING_RESPONDED_TO, -1) + " while waiting for " + messageId);
            }
            return response.command().getInt(Dimse.STATUS, Status.PROCESSING_FAILURE);
        } catch (IOException e) {
            abort();
            throw new UncheckedIOException("DIMSE exchange failed", e);
        } catch (DicomException e) {
            abort();
            throw e;
        }
    }

    private int nextMessageId() {
        int id = nextMessageId;
        nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
        return id;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more to do with a socket that will not close.
        }
    }
}
