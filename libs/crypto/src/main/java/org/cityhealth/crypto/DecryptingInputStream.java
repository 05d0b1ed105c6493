package org.cityhealth.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * Opens sealed segments as the reader pulls, releasing a segment's plaintext only after its tag verified.
 * Whether a segment is the last is decided by the stored bytes (a short segment, or end of stream right after
 * a full one) and checked by the tag, which is how truncation and appended bytes are caught. Once a segment
 * fails, every later read fails the same way.
 */
final class DecryptingInputStream extends InputStream {

    private final InputStream ciphertext;
    private final String key;
    private final SegmentCipher cipher;
    private final byte[] sealed;
    private final byte[] out;
    private int outPosition;
    private int outLength;
    private long index;
    private int lookahead = -1;
    private boolean finished;
    private IntegrityException failure;

    DecryptingInputStream(InputStream ciphertext, String key, SegmentCipher cipher, int segmentSize) {
        this.ciphertext = ciphertext;
        this.key = key;
        this.cipher = cipher;
        this.sealed = new byte[segmentSize + SegmentCipher.TAG_LENGTH];
        this.out = new byte[segmentSize];
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
            openNextSegment();
        }
        int n = Math.min(length, outLength - outPosition);
        System.arraycopy(out, outPosition, buffer, offset, n);
        outPosition += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        ciphertext.close();
    }

    private void openNextSegment() throws IOException {
        if (failure != null) {
            throw failure;
        }
        int n = 0;
        if (lookahead >= 0) {
            sealed[n++] = (byte) lookahead;
            lookahead = -1;
        }
        n += ciphertext.readNBytes(sealed, n, sealed.length - n);
        boolean last = n < sealed.length || (lookahead = ciphertext.read()) < 0;
        if (n < SegmentCipher.TAG_LENGTH) {
            throw fail("object " + key + " is truncated: segment " + index + " is shorter than its tag");
        }
        if (index == SegmentCipher.MAX_SEGMENTS) {
            throw fail("object " + key + " has more segments than any writer produces");
        }
        try {
            outLength = cipher.process(index, last, sealed, n, out);
        } catch (InvalidCipherTextException e) {
            throw fail("object " + key + " failed authentication at segment " + index
                    + ": it was altered, truncated, extended or reordered, or belongs to another key");
        }
        outPosition = 0;
        index++;
        finished = last;
    }

    private IntegrityException fail(String message) {
        failure = new IntegrityException(message);
        return failure;
    }
}
