package org.cityhealth.ledger.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Ed25519 witness cosignatures, c2sp.org/tlog-cosignature (signature type 0x04).
 *
 * <p>The signature bytes on the note line are {@code u64 timestamp (big-endian) || Ed25519
 * signature}, and the Ed25519 message is {@code "cosignature/v1\ntime <timestamp>\n"} followed
 * by the checkpoint text. The header gives domain separation from 0x01 signatures by the same
 * key, and signing the timestamp lets a client judge how fresh the witness's view is.
 */
final class CosignatureV1 {

    static final int SIGNATURE_LENGTH = 8 + Ed25519NoteKey.SIGNATURE_LENGTH;

    private CosignatureV1() {}

    static byte[] signedMessage(long timestamp, byte[] checkpointText) {
        byte[] header = ("cosignature/v1\ntime " + timestamp + "\n").getBytes(StandardCharsets.US_ASCII);
        return NoteSyntax.concat(header, checkpointText);
    }

    /** Cosigns checkpoints, at the time its clock says. */
    record Signer(String name, long keyHash, Ed25519PrivateKeyParameters key, Clock clock) implements NoteSigner {

        /**
         * @throws IllegalArgumentException if {@code message} is not a checkpoint: a cosignature
         *     states that the witness checked a log's tree, which means nothing for other text
         * @throws IllegalStateException if the clock is before 1970
         */
        @Override
        public byte[] sign(byte[] message) {
            requireCheckpoint(message);
            long timestamp = clock.instant().getEpochSecond();
            if (timestamp < 0) {
                throw new IllegalStateException("the witness clock is before 1970; a cosignature timestamp cannot be negative");
            }
            byte[] signature = Ed25519NoteKey.sign(key, signedMessage(timestamp, message));
            return ByteBuffer.allocate(SIGNATURE_LENGTH).putLong(timestamp).put(signature).array();
        }

        @Override
        public String toString() {
            return String.format("cosignature/v1 signer %s+%08x", name, keyHash);
        }

        private static void requireCheckpoint(byte[] message) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(message))
                        .toString();
                Checkpoint.parse(text);
            } catch (CharacterCodingException | NoteException e) {
                throw new IllegalArgumentException("a witness cosigns only checkpoints: " + e.getMessage());
            }
        }
    }

    /** Verifies cosignatures; the key ID is computed with type 0x04. */
    record Verifier(String name, long keyHash, Ed25519PublicKeyParameters key) implements NoteVerifier {

        @Override
        public boolean verify(byte[] message, byte[] signature) {
            if (signature.length != SIGNATURE_LENGTH) {
                return false;
            }
            long timestamp = ByteBuffer.wrap(signature).getLong();
            if (timestamp < 0) {
                // The spec caps the timestamp at 2^63 - 1.
                return false;
            }
            return Ed25519NoteKey.verify(key, signedMessage(timestamp, message),
                    Arrays.copyOfRange(signature, 8, SIGNATURE_LENGTH));
        }

        @Override
        public String toString() {
            return String.format("cosignature/v1 verifier %s+%08x", name, keyHash);
        }
    }
}
