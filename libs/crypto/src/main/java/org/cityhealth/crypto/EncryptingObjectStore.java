package org.cityhealth.crypto;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.cityhealth.store.ObjectStore;

/**
 * An {@link ObjectStore} that encrypts everything it writes to the store it decorates (cold storage, the
 * vault) and decrypts on read, streaming in fixed-size segments so no object is ever held in memory whole.
 * Each object is encrypted under its owner's current data key ({@link DataKeys}); the owner of a key is what
 * the caller's function says at write time, and the header records it, so re-reading never depends on it.
 *
 * <p>Layout of a stored object: {@link ObjectHeader} then segments of {@code segmentSize} plaintext bytes plus
 * a 16-byte tag each, the last one shorter (see {@link SegmentCipher} for the construction). Stored size is
 * {@code header + plaintext + 16 × segments}.
 *
 * <p>{@link #get} fails with {@link IntegrityException} as soon as it reaches a segment that was altered,
 * moved, cut or extended; plaintext before that point has been verified and may already have been read.
 * {@link #size} returns the <em>plaintext</em> size, computed from the stored size and the header without
 * authenticating anything (a damaged object reports some size; reading it fails). {@link #list} and
 * {@link #delete} pass through: keys and sizes are not secret.
 */
public final class EncryptingObjectStore implements ObjectStore {

    public static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;

    private final ObjectStore backing;
    private final DataKeys keys;
    private final Function<String, String> ownerOf;
    private final int segmentSize;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param backing where the ciphertext goes; must not be the store of {@code keys}
     * @param ownerOf the owner (a source code) of an object key, e.g. its first path segment
     */
    public EncryptingObjectStore(ObjectStore backing, DataKeys keys, Function<String, String> ownerOf) {
        this(backing, keys, ownerOf, DEFAULT_SEGMENT_SIZE);
    }

    /** Tests use small segments to cross many segment boundaries with little data. */
    EncryptingObjectStore(ObjectStore backing, DataKeys keys, Function<String, String> ownerOf, int segmentSize) {
        this.backing = requireNonNull(backing, "backing is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.ownerOf = requireNonNull(ownerOf, "ownerOf is null");
        if (segmentSize < ObjectHeader.MIN_SEGMENT_SIZE || segmentSize > ObjectHeader.MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size out of range: " + segmentSize);
        }
        this.segmentSize = segmentSize;
    }

    /** Encrypts while streaming {@code data} to the backing store; returns the plaintext bytes written. */
    @Override
    public long put(String key, InputStream data) throws IOException {
        ObjectStore.checkKey(key);
        requireNonNull(data, "data is null");
        String owner = ownerOf.apply(key);
        if (owner == null) {
            throw new IllegalArgumentException("no owner for object key " + key);
        }
        DataKeys.DataKey dataKey = keys.current(owner);
        ObjectHeader header = new ObjectHeader(dataKey.algorithm(), segmentSize, owner, dataKey.id(),
                randomBytes(ObjectHeader.SALT_LENGTH), randomBytes(ObjectHeader.NONCE_PREFIX_LENGTH));
        EncryptingInputStream encrypted = new EncryptingInputStream(data, header.encode(),
                new SegmentCipher(true, header, key, dataKey.key()), segmentSize);
        backing.put(key, encrypted);
        return encrypted.plaintextBytes();
    }

    @Override
    public InputStream get(String key) throws IOException {
        InputStream stored = backing.get(key);
        try {
            ObjectHeader header = ObjectHeader.read(stored, key);
            DataKeys.DataKey dataKey = keys.find(header.owner(), header.dataKeyId());
            if (dataKey == null) {
                throw new IntegrityException("object " + key + " names data key " + Integer.toHexString(header.dataKeyId())
                        + " of owner " + header.owner() + ", which the data key store does not hold");
            }
            if (dataKey.algorithm() != header.algorithm()) {
                throw new IntegrityException("object " + key + " names algorithm " + header.algorithm()
                        + " but its data key is " + dataKey.algorithm());
            }
            return new DecryptingInputStream(stored, key, new SegmentCipher(false, header, key, dataKey.key()),
                    header.segmentSize());
        } catch (IOException | RuntimeException e) {
            stored.close();
            throw e;
        }
    }

    /** The plaintext size, from the stored size and the header; see the class comment. */
    @Override
    public Optional<Long> size(String key) throws IOException {
        Optional<Long> stored = backing.size(key);
        if (stored.isEmpty()) {
            return stored;
        }
        ObjectHeader header;
        try (InputStream in = backing.get(key)) {
            header = ObjectHeader.read(in, key);
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
        long body = stored.get() - header.length();
        long sealedSegment = (long) header.segmentSize() + SegmentCipher.TAG_LENGTH;
        long segments = Math.ceilDiv(body, sealedSegment);
        long lastSegment = body - (segments - 1) * sealedSegment;
        if (body < SegmentCipher.TAG_LENGTH || lastSegment < SegmentCipher.TAG_LENGTH) {
            throw new IntegrityException("object " + key + " is truncated: " + stored.get() + " stored bytes fit no segment layout");
        }
        return Optional.of(body - segments * SegmentCipher.TAG_LENGTH);
    }

    @Override
    public void delete(String key) throws IOException {
        backing.delete(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return backing.list(prefix);
    }

    @Override
    public int sweep(String prefix, java.time.Duration olderThan) throws IOException {
        return backing.sweep(prefix, olderThan);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
