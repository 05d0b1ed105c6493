package org.cityhealth.ledger;

import java.util.Objects;
import org.bouncycastle.crypto.digests.SM3Digest;

/** SM3 through Bouncy Castle. Package-private: callers use {@link HashFunction#SM3}. */
final class Sm3HashFunction implements HashFunction {

    @Override
    public String name() {
        return "SM3";
    }

    @Override
    public int size() {
        return 32;
    }

    @Override
    public byte[] hash(byte[]... parts) {
        Objects.requireNonNull(parts, "parts is null");
        // SM3Digest is stateful and not thread-safe; a fresh one per call is cheap.
        SM3Digest digest = new SM3Digest();
        for (int i = 0; i < parts.length; i++) {
            byte[] part = Objects.requireNonNull(parts[i], "parts[" + i + "] is null");
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    @Override
    public String toString() {
        return name();
    }
}
