package org.cityhealth.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The clear header every encrypted object starts with (big-endian):
 * <pre>
 *   "CHEO" | format 1 (1) | algorithm id (1) | segment size (4) | owner length (1) | owner (ASCII)
 *   | data key id (4) | salt (16) | nonce prefix (7)
 * </pre>
 * It is authenticated as part of every segment's associated data, so changing any byte of it fails the read.
 */
record ObjectHeader(Algorithm algorithm, int segmentSize, String owner, int dataKeyId, byte[] salt, byte[] noncePrefix) {

    static final int FORMAT = 1;
    static final int SALT_LENGTH = 16;
    static final int NONCE_PREFIX_LENGTH = 7;
    static final int MIN_SEGMENT_SIZE = 16;
    /** Readers allocate one segment; the bound stops a damaged header from asking for gigabytes. */
    static final int MAX_SEGMENT_SIZE = 16 << 20;
    private static final byte[] MAGIC = {'C', 'H', 'E', 'O'};
    private static final int FIXED_LENGTH = MAGIC.length + 1 + 1 + 4 + 1 + 4 + SALT_LENGTH + NONCE_PREFIX_LENGTH;

    int length() {
        return FIXED_LENGTH + owner.length();
    }

    byte[] encode() {
        byte[] ownerBytes = owner.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(length()).put(MAGIC).put((byte) FORMAT).put((byte) algorithm.id).putInt(segmentSize)
                .put((byte) ownerBytes.length).put(ownerBytes).putInt(dataKeyId).put(salt).put(noncePrefix).array();
    }

    /** Reads exactly the header from {@code in}; {@code key} only names the object in error messages. */
    static ObjectHeader read(InputStream in, String key) throws IOException {
        byte[] start = in.readNBytes(MAGIC.length + 7);
        if (start.length < MAGIC.length + 7) {
            throw new IntegrityException("object " + key + " is too short to be encrypted: its header is truncated");
        }
        ByteBuffer fixed = ByteBuffer.wrap(start);
        byte[] magic = new byte[MAGIC.length];
        fixed.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IntegrityException("object " + key + " is not an encrypted object (bad magic)");
        }
        int format = fixed.get() & 0xff;
        if (format != FORMAT) {
            throw new IntegrityException("object " + key + " has format " + format + "; this version reads format " + FORMAT);
        }
        Algorithm algorithm = Algorithm.ofId(fixed.get() & 0xff);
        int segmentSize = fixed.getInt();
        int ownerLength = fixed.get() & 0xff;
        if (algorithm == null || segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE || ownerLength == 0) {
            throw new IntegrityException("object " + key + " has a damaged header");
        }
        byte[] rest = in.readNBytes(ownerLength + 4 + SALT_LENGTH + NONCE_PREFIX_LENGTH);
        if (rest.length < ownerLength + 4 + SALT_LENGTH + NONCE_PREFIX_LENGTH) {
            throw new IntegrityException("object " + key + " is too short to be encrypted: its header is truncated");
        }
        ByteBuffer tail = ByteBuffer.wrap(rest);
        byte[] ownerBytes = new byte[ownerLength];
        tail.get(ownerBytes);
        String owner = new String(ownerBytes, StandardCharsets.ISO_8859_1);
        if (!DataKeys.isValidOwner(owner)) {
            throw new IntegrityException("object " + key + " has a damaged header (invalid owner)");
        }
        int dataKeyId = tail.getInt();
        byte[] salt = new byte[SALT_LENGTH];
        tail.get(salt);
        byte[] prefix = new byte[NONCE_PREFIX_LENGTH];
        tail.get(prefix);
        return new ObjectHeader(algorithm, segmentSize, owner, dataKeyId, salt, prefix);
    }
}
