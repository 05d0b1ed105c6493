package org.cityhealth.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * Turns a plaintext stream into header plus sealed segments as the reader pulls, holding one segment at a
 * time. A segment is the last one when the plaintext ends within it or right after it, which a one-byte
 * look-ahead tells; an empty plaintext becomes one empty last segment.
 */
final class EncryptingInputStream extends InputStream {

    private final InputStream plaintext;
    private final SegmentCipher cipher;
    private final byte[] segment;
    private byte[] out;
    private int outPosition;
    private int outLength;
    private long index;
    private int lookahead = -1;
    private boolean finished;
    private long plaintextBytes;

    EncryptingInputStream(InputStream plaintext, byte[] header, SegmentCipher cipher, int segmentSize) {
        this.plaintext = plaintext;
        this.cipher = cipher;
        this.segment = new byte[segmentSize];
        this.out = header;
        this.outLength = header.length;
    }

    /** Plaintext bytes consumed so far; after the last read, the object's plaintext size. */
    long plaintextBytes() {
        return plaintextBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        while (outPosition == outLength) {
            if (finished) {
                return -1;
            }
            sealNextSegment();
        }
        int n = Math.min(length, outLength - outPosition);
        System.arraycopy(out, outPosition, buffer, offset, n);
        outPosition += n;
        return n;
    }

    private void sealNextSegment() throws IOException {
        int n = 0;
        if (lookahead >= 0) {
            segment[n++] = (byte) lookahead;
            lookahead = -1;
        }
        n += plaintext.readNBytes(segment, n, segment.length - n);
        boolean last = n < segment.length || (lookahead = plaintext.read()) < 0;
        if (index == SegmentCipher.MAX_SEGMENTS) {
            throw new IOException("object exceeds " + SegmentCipher.MAX_SEGMENTS + " segments");
        }
        if (out.length < segment.length + SegmentCipher.TAG_LENGTH) {
            out = new byte[segment.length + SegmentCipher.TAG_LENGTH];
        }
        try {
            outLength = cipher.process(index++, last, segment, n, out);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM encryption cannot fail", e);
        }
        outPosition = 0;
        plaintextBytes += n;
        finished = last;
    }
}
