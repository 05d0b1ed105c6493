package org.cityhealth.crypto;

import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * Turns a plaintext stream into header plus sealed segments as the reader pulls, holding one segment at a
 * time. A segment is the last one when the plaintext ends within it or right after it, which a one-byte
 * look-ahead tells; an empty plaintext becomes one empty last segment.
 */
final class EncryptingInputStream extends SegmentStream {

    private final SegmentCipher cipher;
    private final byte[] segment;
    private long plaintextBytes;

    EncryptingInputStream(InputStream plaintext, byte[] header, SegmentCipher cipher, int segmentSize) {
        super(plaintext, header, header.length);
        this.cipher = cipher;
        this.segment = new byte[segmentSize];
    }

    /** Plaintext bytes consumed so far; after the last read, the object's plaintext size. */
    long plaintextBytes() {
        return plaintextBytes;
    }

    @Override
    void nextSegment() throws IOException {
        boolean[] last = new boolean[1];
        int n = readSegment(segment, last);
        if (index == SegmentCipher.MAX_SEGMENTS) {
            throw new IOException("object exceeds " + SegmentCipher.MAX_SEGMENTS + " segments");
        }
        if (out.length < segment.length + SegmentCipher.TAG_LENGTH) {
            out = new byte[segment.length + SegmentCipher.TAG_LENGTH];
        }
        try {
            outLength = cipher.process(index++, last[0], segment, n, out);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM encryption cannot fail", e);
        }
        outPosition = 0;
        plaintextBytes += n;
        finished = last[0];
    }
}
