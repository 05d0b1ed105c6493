package org.cityhealth.dicom;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A DICOM SCP for C-ECHO, C-STORE and (with their handlers) C-FIND and C-MOVE over TCP (PS3.8 upper layer, PS3.7 DIMSE).
 * Each connection gets a virtual
 * thread; at most {@link ServerConfig#maxAssociations()} associations are served at once. A peer that breaks
 * the protocol gets an A-ABORT and its connection closed; nothing a peer sends stops the server.
 */
public final class DicomServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DicomServer.class.getName());
    /** A-ABORT source "service-provider" and its reason "invalid PDU parameter value" (PS3.8 §9.3.8). */
    private static final int ABORT_SOURCE_PROVIDER = 2;
    private static final int ABORT_INVALID_PARAMETER = 6;

    private final ServerConfig config;
    private final ServerSocket serverSocket;
    private final Semaphore associations;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private DicomServer(ServerConfig config, ServerSocket serverSocket) {
        this.config = config;
        this.serverSocket = serverSocket;
        this.associations = new Semaphore(config.maxAssociations());
        this.acceptor = Thread.ofPlatform().daemon().name("dicom-accept-" + serverSocket.getLocalPort())
                .start(this::acceptLoop);
    }

    /** Binds and starts accepting; the returned server is listening on {@link #port()}. */
    public static DicomServer start(ServerConfig config) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(config.bindAddress(), config.port()), 64);
        return new DicomServer(config, socket);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Stops accepting and closes every open association's connection. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing server socket", e);
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                open.add(socket);
                Thread.ofVirtual().name("dicom-association").start(() -> {
                    try {
                        serve(socket);
                    } finally {
                        open.remove(socket);
                        closeQuietly(socket);
                    }
                });
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "accepting a DICOM connection failed: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        boolean permitted = false;
        Association association = null;
        OutputStream out = null;
        try {
            socket.setSoTimeout((int) config.artimTimeout().toMillis());
            socket.setTcpNoDelay(true);
            DataInputStream in = Association.input(socket);
            out = Association.output(socket);
            UpperLayer.Pdu first = UpperLayer.read(in, 0);
            if (first.type() != UpperLayer.ASSOCIATE_RQ) {
                throw new DicomException("expected A-ASSOCIATE-RQ, got PDU type " + first.type());
            }
            UpperLayer.Associate request = UpperLayer.decodeAssociate(true, first.body());
            Optional<AssociationRejection> rejection = check(request, remote);
            if (rejection.isEmpty()) {
                permitted = associations.tryAcquire();
                if (!permitted) {
                    rejection = Optional.of(AssociationRejection.LOCAL_LIMIT_EXCEEDED);
                }
            }
            if (rejection.isPresent()) {
                LOG.log(Level.INFO, "rejected association from " + request.callingAeTitle() + " at " + remote
                        + " to " + request.calledAeTitle() + ": " + rejection.get());
                UpperLayer.write(out, UpperLayer.ASSOCIATE_RJ, UpperLayer.rejectBody(rejection.get()));
                return;
            }
            association = accept(socket, in, out, request);
            socket.setSoTimeout((int) config.idleTimeout().toMillis());
            serveMessages(association, request, remote);
            // Released: wait (ARTIM) for the peer to close, as PS3.8 §9.1.6 asks.
            socket.setSoTimeout((int) config.artimTimeout().toMillis());
            try {
                in.read();
            } catch (IOException e) {
                // The peer closed or the ARTIM timer expired: either way the connection ends here.
            }
        } catch (EOFException e) {
            LOG.log(Level.DEBUG, "connection from " + remote + " closed");
        } catch (SocketTimeoutException e) {
            LOG.log(Level.INFO, "association with " + remote + " timed out; aborting");
            abort(out, ABORT_SOURCE_PROVIDER, 0);
        } catch (DicomException e) {
            LOG.log(Level.WARNING, "aborting association with " + remote + ": " + e.getMessage());
            abort(out, ABORT_SOURCE_PROVIDER, ABORT_INVALID_PARAMETER);
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.DEBUG, "connection with " + remote + " failed: " + e.getMessage());
            }
        } finally {
            if (permitted) {
                associations.release();
            }
        }
    }

    private Optional<AssociationRejection> check(UpperLayer.Associate request, InetSocketAddress remote) {
        if ((request.protocolVersion() & 1) == 0) {
            return Optional.of(AssociationRejection.PROTOCOL_VERSION_NOT_SUPPORTED);
        }
        if (!UpperLayer.APPLICATION_CONTEXT.equals(request.applicationContext())) {
            return Optional.of(AssociationRejection.APPLICATION_CONTEXT_NOT_SUPPORTED);
        }
        if (!config.aeTitles().contains(request.calledAeTitle())) {
            return Optional.of(AssociationRejection.CALLED_AE_NOT_RECOGNIZED);
        }
        return config.policy().check(request.callingAeTitle(), remote);
    }

    private Association accept(Socket socket, DataInputStream in, OutputStream out, UpperLayer.Associate request)
            throws IOException {
        Map<Integer, String[]> contexts = new HashMap<>();
        List<UpperLayer.AcceptedContext> results = new java.util.ArrayList<>();
        for (UpperLayer.ProposedContext proposed : request.proposed()) {
            if (!config.abstractSyntaxes().test(proposed.abstractSyntax())) {
                results.add(new UpperLayer.AcceptedContext(proposed.id(),
                        UpperLayer.ABSTRACT_SYNTAX_NOT_SUPPORTED, null));
                continue;
            }
            Optional<String> chosen = proposed.transferSyntaxes().stream()
                    .filter(config.transferSyntaxes()::contains).findFirst();
            if (chosen.isEmpty()) {
                results.add(new UpperLayer.AcceptedContext(proposed.id(),
                        UpperLayer.TRANSFER_SYNTAXES_NOT_SUPPORTED, null));
                continue;
            }
            contexts.put(proposed.id(), new String[] {proposed.abstractSyntax(), chosen.get()});
            results.add(new UpperLayer.AcceptedContext(proposed.id(), UpperLayer.ACCEPTANCE, chosen.get()));
        }
        UpperLayer.Associate accept = new UpperLayer.Associate(request.calledAeTitle(), request.callingAeTitle(), 1,
                UpperLayer.APPLICATION_CONTEXT, List.of(), results, config.maxPduLength(), null, null);
        UpperLayer.write(out, UpperLayer.ASSOCIATE_AC, UpperLayer.encodeAssociate(false, accept));
        LOG.log(Level.DEBUG, "accepted association from " + request.callingAeTitle() + " with "
                + contexts.size() + " of " + request.proposed().size() + " presentation contexts");
        return new Association(socket, in, out, request.maxPduLength(), config.maxPduLength(),
                config.maxDatasetBytes(), contexts);
    }

    private void serveMessages(Association association, UpperLayer.Associate request, InetSocketAddress remote)
            throws IOException {
        while (true) {
            Association.Message message = association.receive();
            if (message == null) {
                association.sendPdu(UpperLayer.RELEASE_RP, new byte[4]);
                return;
            }
            Dataset command = message.command();
            int field = command.getInt(Dimse.COMMAND_FIELD, -1);
            if (field == Dimse.C_CANCEL_RQ) {
                // A C-FIND's matches are all sent before the next message is read: there is nothing left to cancel.
                continue;
            }
            Dataset response = switch (field) {
                case Dimse.C_ECHO_RQ -> Dimse.response(command, Status.SUCCESS);
                case Dimse.C_STORE_RQ -> Dimse.response(command, store(association, message, request, remote));
                case Dimse.C_FIND_RQ -> find(association, message, request, remote);
                case Dimse.C_MOVE_RQ -> move(association, message, request, remote);
                default -> Dimse.response(command, Status.UNRECOGNIZED_OPERATION);
            };
            association.send(message.contextId(), response, null);
        }
    }

    /** Sends each match as a pending response with its identifier; returns the final response. */
    private Dataset find(Association association, Association.Message message, UpperLayer.Associate request,
            InetSocketAddress remote) throws IOException {
        Dataset command = message.command();
        if (config.findHandler() == null) {
            return Dimse.response(command, Status.SOP_CLASS_NOT_SUPPORTED);
        }
        String transferSyntax = association.transferSyntax(message.contextId());
        Dataset identifier;
        try {
            if (message.data() == null) {
                return failure(command, Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "the C-FIND has no identifier");
            }
            identifier = DicomFile.parseDataset(message.data(), transferSyntax);
        } catch (DicomException e) {
            return failure(command, Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "the identifier cannot be read: " + e.getMessage());
        }
        FindResult result;
        try {
            result = config.findHandler().find(new FindRequest(request.callingAeTitle(), request.calledAeTitle(), remote,
                    command.getString(Dimse.AFFECTED_SOP_CLASS_UID, association.abstractSyntax(message.contextId())),
                    identifier));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "find handler failed for " + request.callingAeTitle(), e);
            return failure(command, Status.UNABLE_TO_PROCESS, "the search failed");
        }
        for (Dataset match : result.matches()) {
            Dataset pending = Dimse.response(command, Status.PENDING);
            pending.setInt(Dimse.COMMAND_DATASET_TYPE, VR.US, Dimse.DATASET_PRESENT);
            association.send(message.contextId(), pending, DicomFile.encodeDataset(match, transferSyntax));
        }
        return result.comment() == null ? Dimse.response(command, result.status()) : failure(command, result.status(), result.comment());
    }

    /** Runs the C-STORE sub-operations through the handler; returns the final response with their numbers. */
    private Dataset move(Association association, Association.Message message, UpperLayer.Associate request,
            InetSocketAddress remote) {
        Dataset command = message.command();
        if (config.moveHandler() == null) {
            return Dimse.response(command, Status.SOP_CLASS_NOT_SUPPORTED);
        }
        String destination = command.getString(Dimse.MOVE_DESTINATION, "").strip();
        Dataset identifier;
        try {
            if (message.data() == null) {
                return failure(command, Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "the C-MOVE has no identifier");
            }
            identifier = DicomFile.parseDataset(message.data(), association.transferSyntax(message.contextId()));
        } catch (DicomException e) {
            return failure(command, Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "the identifier cannot be read: " + e.getMessage());
        }
        MoveResult result;
        try {
            result = config.moveHandler().move(new MoveRequest(request.callingAeTitle(), request.calledAeTitle(), remote,
                    command.getString(Dimse.AFFECTED_SOP_CLASS_UID, association.abstractSyntax(message.contextId())),
                    destination, identifier, command.getInt(Dimse.MESSAGE_ID, 0)));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "move handler failed for " + request.callingAeTitle(), e);
            return failure(command, Status.UNABLE_TO_PROCESS, "the move failed");
        }
        Dataset response = result.comment() == null ? Dimse.response(command, result.status())
                : failure(command, result.status(), result.comment());
        response.setInt(Dimse.COMPLETED_SUBOPERATIONS, VR.US, result.completed());
        response.setInt(Dimse.FAILED_SUBOPERATIONS, VR.US, result.failed());
        response.setInt(Dimse.WARNING_SUBOPERATIONS, VR.US, result.warnings());
        return response;
    }

    /** A final response with its Error Comment (LO: at most 64 characters). */
    private static Dataset failure(Dataset command, int status, String comment) {
        Dataset response = Dimse.response(command, status);
        response.setString(Dimse.ERROR_COMMENT, VR.LO, comment.length() > 64 ? comment.substring(0, 64) : comment);
        return response;
    }

    private int store(Association association, Association.Message message, UpperLayer.Associate request,
            InetSocketAddress remote) {
        Dataset command = message.command();
        if (message.data() == null) {
            return Status.CANNOT_UNDERSTAND;
        }
        StoreRequest store = new StoreRequest(request.callingAeTitle(), request.calledAeTitle(), remote,
                command.getString(Dimse.AFFECTED_SOP_CLASS_UID, association.abstractSyntax(message.contextId())),
                command.getString(Dimse.AFFECTED_SOP_INSTANCE_UID, ""),
                association.transferSyntax(message.contextId()), command.getInt(Dimse.MESSAGE_ID, 0),
                message.data());
        try {
            return config.storeHandler().store(store);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "store handler failed for " + store.sopInstanceUid() + " from "
                    + store.callingAeTitle(), e);
            return Status.PROCESSING_FAILURE;
        }
    }

    private static void abort(OutputStream out, int source, int reason) {
        if (out == null) {
            return;
        }
        try {
            UpperLayer.write(out, UpperLayer.ABORT, UpperLayer.abortBody(source, reason));
        } catch (IOException e) {
            // The connection is already gone; there is no one left to tell.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a broken socket: nothing to do.
        }
    }
}
