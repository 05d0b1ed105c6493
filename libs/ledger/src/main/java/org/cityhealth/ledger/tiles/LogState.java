package org.cityhealth.ledger.tiles;

import java.util.Arrays;
import java.util.Objects;
import org.cityhealth.ledger.HashFunction;

/**
 * A tree size and its RFC 9162 root hash: what a checkpoint commits to.
 *
 * <p>The root is copied in and out, and equality compares its bytes, so a state can be used as
 * a value (records compare arrays by identity otherwise).
 *
 * @param size number of entries, non-negative
 * @param rootHash MTH of those entries
 */
public record LogState(long size, byte[] rootHash) {

    /**
     * @throws IllegalArgumentException if {@code size} is negative or the root is empty
     */
    public LogState {
        if (size < 0) {
            throw new IllegalArgumentException("log size " + size + " is negative");
        }
        Objects.requireNonNull(rootHash, "rootHash is null");
        if (rootHash.length == 0) {
            throw new IllegalArgumentException("root hash is empty");
        }
        rootHash = rootHash.clone();
    }

    /** The empty log: size 0, root {@code H()} of the empty string (RFC 9162 §2.1.1). */
    public static LogState empty(HashFunction hashFunction) {
        return new LogState(0, hashFunction.hash());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogState that && size == that.size && Arrays.equals(rootHash, that.rootHash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "LogState[size=" + size + ", rootHash=" + Tiles.hex(rootHash) + "]";
    }
}
