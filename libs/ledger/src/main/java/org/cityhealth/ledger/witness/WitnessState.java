package org.cityhealth.ledger.witness;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a witness remembers per log: the latest checkpoint it cosigned.
 *
 * <p>The witness checks a request against {@link #latest} and then records the new checkpoint
 * with {@link #compareAndSet}, which must fail if the record changed in between. Without that,
 * two concurrent requests could both pass their checks and the smaller one be stored last,
 * rolling the witness back (the race c2sp.org/tlog-witness describes). Implementations must
 * have made the record durable when {@code compareAndSet} returns {@code true}, because the
 * cosignature is sent after it.
 */
public interface WitnessState {

    /**
     * The recorded checkpoint of a log.
     *
     * @param size its tree size
     * @param rootHash its root hash (copied)
     * @param signedCheckpoint the signed checkpoint note as the log submitted it, kept as
     *     evidence of what the log signed
     */
    record Stored(long size, byte[] rootHash, String signedCheckpoint) {

        public Stored {
            if (size < 0) {
                throw new IllegalArgumentException("tree size " + size + " is negative");
            }
            rootHash = Objects.requireNonNull(rootHash, "rootHash is null").clone();
            Objects.requireNonNull(signedCheckpoint, "signedCheckpoint is null");
        }

        @Override
        public byte[] rootHash() {
            return rootHash.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stored other
                    && size == other.size
                    && Arrays.equals(rootHash, other.rootHash)
                    && signedCheckpoint.equals(other.signedCheckpoint);
        }

        @Override
        public int hashCode() {
            return (Long.hashCode(size) * 31 + Arrays.hashCode(rootHash)) * 31 + signedCheckpoint.hashCode();
        }

        @Override
        public String toString() {
            return "Stored[size=" + size + "]";
        }
    }

    /**
     * The latest recorded checkpoint of {@code origin}, or empty if none was ever recorded.
     *
     * @throws IOException if the record cannot be read or is corrupt
     */
    Optional<Stored> latest(String origin) throws IOException;

    /**
     * Atomically replaces the record of {@code origin} with {@code next} if the recorded size
     * is {@code expectedSize} (no record counts as size 0), and makes it durable.
     *
     * @return whether {@code next} was recorded
     * @throws IOException if the record cannot be read or written; the previous record is
     *     then still in place
     */
    boolean compareAndSet(String origin, long expectedSize, Stored next) throws IOException;
}
