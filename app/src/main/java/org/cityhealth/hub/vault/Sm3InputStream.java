package org.cityhealth.hub.vault;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.crypto.digests.SM3Digest;

/** Feeds every byte read through an SM3 digest (Bouncy Castle's lightweight API has no stream wrapper). */
final class Sm3InputStream extends FilterInputStream {

    private final SM3Digest digest;

    Sm3InputStream(InputStream in, SM3Digest digest) {
        super(in);
        this.digest = digest;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
        }
        return n;
    }
}
