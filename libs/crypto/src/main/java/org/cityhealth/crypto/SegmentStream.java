package org.cityhealth.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * What sealing and opening share: pull a segment's worth of bytes from the source, tell with a one-byte look-ahead
 * whether it is the last segment, and hand out the processed segment as the reader asks. Only one segment is in
 * memory at a time.
 */
abstract class SegmentStream extends InputStream {

    private final InputStream source;
    private int lookahead = -1;
    /** The processed bytes handed out by {@link #read}; subclasses fill it in {@link #nextSegment}. */
    byte[] out;
    int outPosition;
    int outLength;
    /** Index of the next segment to process. */
    long index;
    /** The last segment has been processed. */
    boolean finished;

    SegmentStream(InputStream source, byte[] out, int outLength) {
        this.source = source;
        this.out = out;
        this.outLength = outLength;
    }

    /** Processes the next segment into {@link #out}, setting outLength, outPosition and finished. */
    abstract void nextSegment() throws IOException;

    /**
     * Reads the next segment's bytes into {@code buffer} (as many as fit) and returns how many; {@code last[0]} says
     * whether the source ends within or right after them.
     */
    final int readSegment(byte[] buffer, boolean[] last) throws IOException {
        int n = 0;
        if (lookahead >= 0) {
            buffer[n++] = (byte) lookahead;
            lookahead = -1;
        }
        n += source.readNBytes(buffer, n, buffer.length - n);
        last[0] = n < buffer.length || (lookahead = source.read()) < 0;
        return n;
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
            nextSegment();
        }
        int n = Math.min(length, outLength - outPosition);
        System.arraycopy(out, outPosition, buffer, offset, n);
        outPosition += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
