package org.cityhealth.hub.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Inflates gzip while counting: more output than the absolute limit, or than {@code ratio} times the
 * compressed size, is a decompression bomb and stops with an {@link IngestException} before memory or
 * disk fill up.
 */
final class BoundedInflater extends FilterInputStream {

    private final long compressedSize;
    private final long maxBytes;
    private final int maxRatio;
    private long produced;

    private BoundedInflater(InputStream in, long compressedSize, long maxBytes, int maxRatio) {
        super(in);
        this.compressedSize = compressedSize;
        this.maxBytes = maxBytes;
        this.maxRatio = maxRatio;
    }

    static InputStream gunzip(InputStream compressed, long compressedSize, long maxBytes, int maxRatio) {
        try {
            return new BoundedInflater(new GZIPInputStream(compressed, 64 * 1024), compressedSize, maxBytes, maxRatio);
        } catch (ZipException e) {
            throw IngestException.invalid("body", "the body is declared gzip but is not: " + e.getMessage());
        } catch (IOException e) {
            throw IngestException.invalid("body", "the gzip body cannot be read: " + e.getMessage());
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (ZipException e) {
            throw IngestException.invalid("body", "corrupt gzip data: " + e.getMessage());
        }
        if (n > 0) {
            produced += n;
            if (produced > maxBytes || produced > Math.max(1, compressedSize) * (long) maxRatio) {
                throw new IngestException(413, "too-costly", "body",
                        "the gzip body inflates beyond " + Math.min(maxBytes, Math.max(1, compressedSize) * (long) maxRatio)
                                + " bytes (a decompression bomb); it was kept in the vault as rejected");
            }
        }
        return n;
    }
}
