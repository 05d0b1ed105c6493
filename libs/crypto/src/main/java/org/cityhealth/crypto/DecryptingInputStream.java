package org.cityhealth.crypto;

import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * Opens sealed segments as the reader pulls, releasing a segment's plaintext only after its tag verified.
 * Whether a segment is the last is decided by the stored bytes (a short segment, or end of stream right after
 * a full one) and checked by the tag, which is how truncation and appended bytes are caught. Once a segment
 * fails, every later read fails the same way.
 */
final class DecryptingInputStream extends SegmentStream {

    private final String key;
    private final SegmentCipher cipher;
    private final byte[] sealed;
    private IntegrityException failure;

    DecryptingInputStream(InputStream ciphertext, String key, SegmentCipher cipher, int segmentSize) {
        super(ciphertext, new byte[segmentSize], 0);
        this.key = key;
        this.cipher = cipher;
        this.sealed = new byte[segmentSize + SegmentCipher.TAG_LENGTH];
    }

    @Override
    void nextSegment() throws IOException {
        if (failure != null) {
            throw failure;
        }
        boolean[] last = new boolean[1];
        int n = readSegment(sealed, last);
        if (n < SegmentCipher.TAG_LENGTH) {
            throw fail("object " + key + " is truncated: segment " + index + " is shorter than its tag");
        }
        if (index == SegmentCipher.MAX_SEGMENTS) {
            throw fail("object " + key + " has more segments than any writer produces");
        }
        try {
            outLength = cipher.process(index, last[0], sealed, n, out);
        } catch (InvalidCipherTextException e) {
            throw fail("object " + key + " failed authentication at segment " + index
                    + ": it was altered, truncated, extended or reordered, or belongs to another key");
        }
        outPosition = 0;
        index++;
        finished = last[0];
    }

    private IntegrityException fail(String message) {
        failure = new IntegrityException(message);
        return failure;
    }
}
