package org.cityhealth.dicom;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How a {@link DicomServer} listens and what it accepts. Start from {@link #of(String, StoreHandler)} and adjust
 * with the {@code with…} methods.
 *
 * @param bindAddress        the local address to listen on; null for all
 * @param port               the TCP port; 0 picks a free one (see {@link DicomServer#port()})
 * @param aeTitles           the called AE titles answered; others are rejected (PS3.8 reason 7)
 * @param policy             decides on calling AE title and remote address
 * @param abstractSyntaxes   the SOP classes accepted (by default Verification and every storage class)
 * @param transferSyntaxes   the transfer syntaxes accepted; for each context the first one the SCU proposes
 *                           that is in this list is chosen
 * @param maxPduLength       the largest P-DATA PDU we accept (advertised in A-ASSOCIATE-AC)
 * @param maxAssociations    associations served at once; more are rejected transiently (local limit exceeded)
 * @param maxDatasetBytes    the largest data set accepted; a larger one aborts the association
 * @param artimTimeout       how long to wait for the A-ASSOCIATE-RQ and, after release, for the peer to close
 * @param idleTimeout        how long an established association may stay silent before it is aborted
 * @param storeHandler       receives each C-STORE
 * @param findHandler        answers each C-FIND; null: C-FIND is not served (and its SOP classes should not be accepted)
 * @param moveHandler        answers each C-MOVE; null: C-MOVE is not served
 */
public record ServerConfig(InetAddress bindAddress, int port, Set<String> aeTitles, AssociationPolicy policy,
        Predicate<String> abstractSyntaxes, List<String> transferSyntaxes, int maxPduLength, int maxAssociations,
        long maxDatasetBytes, Duration artimTimeout, Duration idleTimeout, StoreHandler storeHandler, FindHandler findHandler,
        MoveHandler moveHandler) {

    /** Every transfer syntax the hub takes in: the native ones, deflated, JPEG, JPEG-LS, JPEG 2000, RLE. */
    public static final List<String> DEFAULT_TRANSFER_SYNTAXES = List.of(
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid(), TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.JPEG_BASELINE.uid(), TransferSyntax.JPEG_EXTENDED.uid(),
            TransferSyntax.JPEG_LOSSLESS.uid(), TransferSyntax.JPEG_LOSSLESS_SV1.uid(),
            TransferSyntax.JPEG_LS_LOSSLESS.uid(), TransferSyntax.JPEG_LS_NEAR_LOSSLESS.uid(),
            TransferSyntax.JPEG_2000_LOSSLESS.uid(), TransferSyntax.JPEG_2000.uid(),
            TransferSyntax.RLE_LOSSLESS.uid());

    public ServerConfig {
        Objects.requireNonNull(aeTitles, "aeTitles is null");
        Objects.requireNonNull(policy, "policy is null");
        Objects.requireNonNull(abstractSyntaxes, "abstractSyntaxes is null");
        Objects.requireNonNull(artimTimeout, "artimTimeout is null");
        Objects.requireNonNull(idleTimeout, "idleTimeout is null");
        Objects.requireNonNull(storeHandler, "storeHandler is null");
        aeTitles = Set.copyOf(aeTitles);
        transferSyntaxes = List.copyOf(transferSyntaxes);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxPduLength < 4096) {
            throw new IllegalArgumentException("maxPduLength below 4096: " + maxPduLength);
        }
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("maxAssociations below 1: " + maxAssociations);
        }
    }

    /** Verification and all storage SOP classes, every transfer syntax above, any calling AE, any port. */
    public static ServerConfig of(String aeTitle, StoreHandler storeHandler) {
        return new ServerConfig(null, 0, Set.of(aeTitle), AssociationPolicy.acceptAll(),
                uid -> Uids.VERIFICATION.equals(uid) || Uids.isStorage(uid), DEFAULT_TRANSFER_SYNTAXES, 65536, 32,
                DicomFile.DEFAULT_MAX_BYTES, Duration.ofSeconds(30), Duration.ofSeconds(120), storeHandler, null, null);
    }

    public ServerConfig withBindAddress(InetAddress address) {
        return new ServerConfig(address, port, aeTitles, policy, abstractSyntaxes, transferSyntaxes, maxPduLength,
                maxAssociations, maxDatasetBytes, artimTimeout, idleTimeout, storeHandler, findHandler, moveHandler);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(bindAddress, newPort, aeTitles, policy, abstractSyntaxes, transferSyntaxes,
                maxPduLength, maxAssociations, maxDatasetBytes, artimTimeout, idleTimeout, storeHandler, findHandler, moveHandler);
    }

    public ServerConfig withAeTitles(Set<String> titles) {
        return new ServerConfig(bindAddress, port, titles, policy, abstractSyntaxes, transferSyntaxes, maxPduLength,
                maxAssociations, maxDatasetBytes, artimTimeout, idleTimeout, storeHandler, findHandler, moveHandler);
    }

    public ServerConfig withPolicy(AssociationPolicy newPolicy) {
        return new ServerConfig(bindAddress, port, aeTitles, newPolicy, abstractSyntaxes, transferSyntaxes,
                maxPduLength, maxAssociations, maxDatasetBytes, artimTimeout, idleTimeout, storeHandler, findHandler, moveHandler);
    }

    public ServerConfig withAbstractSyntaxes(Predicate<String> accepted) {
        return new ServerConfig(bindAddress, port, aeTitles, policy, accepted, transferSyntaxes, maxPduLength,
                maxAssociations, maxDatasetBytes, artimTimeout, idleTimeout, storeHandler, findHandler, moveHandler);
    }

    public ServerConfig withTransferSyntaxes(List<String> accepted) {
        return new ServerConfig(bindAddress, port, aeTitles, policy, abstractSyntaxes, accepted, maxPduLength,
                maxAssociations, maxDatasetBytes, artimTimeout, idleTimeout, storeHandler, findHandler, moveHandler);
    }

    public ServerConfig withLimits(int newMaxPduLength, int newMaxAssociations, long newMaxDatasetBytes) {
        return new ServerConfig(bindAddress, port, aeTitles, policy, abstractSyntaxes, transferSyntaxes,
                newMaxPduLength, newMaxAssociations, newMaxDatasetBytes, artimTimeout, idleTimeout, storeHandler, findHandler, moveHandler);
    }

    public ServerConfig withTimeouts(Duration artim, Duration idle) {
        return new ServerConfig(bindAddress, port, aeTitles, policy, abstractSyntaxes, transferSyntaxes,
                maxPduLength, maxAssociations, maxDatasetBytes, artim, idle, storeHandler, findHandler, moveHandler);
    }

    /**
     * Serves C-FIND with {@code handler}; the abstract syntaxes must accept the information models it answers (e.g.
     * {@link Uids#STUDY_ROOT_FIND}).
     */
    public ServerConfig withFindHandler(FindHandler handler) {
        return new ServerConfig(bindAddress, port, aeTitles, policy, abstractSyntaxes, transferSyntaxes, maxPduLength,
                maxAssociations, maxDatasetBytes, artimTimeout, idleTimeout, storeHandler, handler, moveHandler);
    }

    /**
     * Serves C-MOVE with {@code handler}; the abstract syntaxes must accept the information models it answers (e.g.
     * {@link Uids#STUDY_ROOT_MOVE}).
     */
    public ServerConfig withMoveHandler(MoveHandler handler) {
        return new ServerConfig(bindAddress, port, aeTitles, policy, abstractSyntaxes, transferSyntaxes, maxPduLength,
                maxAssociations, maxDatasetBytes, artimTimeout, idleTimeout, storeHandler, findHandler, handler);
    }
}
