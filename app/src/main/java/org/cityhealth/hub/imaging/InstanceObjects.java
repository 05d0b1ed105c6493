package org.cityhealth.hub.imaging;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.cityhealth.crypto.EncryptingObjectStore;
import org.cityhealth.hub.store.StorageSettings;
import org.springframework.stereotype.Component;

/**
 * The Part 10 bytes of stored instances in the (encrypted) object store, under {@code imaging/}: hot objects are the
 * bytes exactly as received, cold ones the same bytes zstd-compressed at the cold level under {@code imaging/cold/}
 * (on S3 a bucket lifecycle rule on that prefix can move them to an archive storage class). Keys end in a prefix of
 * the SHA-256, so two different encodings of one SOP instance arriving at once never overwrite each other.
 */
@Component
class InstanceObjects {

    private final EncryptingObjectStore sealed;
    private final StorageSettings storage;

    InstanceObjects(EncryptingObjectStore sealed, StorageSettings storage) {
        this.sealed = sealed;
        this.storage = storage;
    }

    static String hotKey(String studyUid, String sopInstanceUid, String sha256) {
        return "imaging/hot/" + studyUid + "/" + sopInstanceUid + "-" + sha256.substring(0, 16) + ".dcm";
    }

    static String coldKey(String studyUid, String sopInstanceUid, String sha256) {
        return "imaging/cold/" + studyUid + "/" + sopInstanceUid + "-" + sha256.substring(0, 16) + ".dcm.zst";
    }

    /** Stores hot bytes; returns the bytes stored. */
    long putHot(String key, byte[] raw) throws IOException {
        return sealed.put(key, raw);
    }

    /** The Part 10 bytes as received, whatever the tier (a cold object is decompressed on the way). */
    InputStream open(Instance instance) throws IOException {
        InputStream in = sealed.get(instance.objectKey());
        return instance.tier() == 'C' ? new ZstdInputStream(in) : in;
    }

    byte[] read(Instance instance) throws IOException {
        try (InputStream in = open(instance)) {
            return in.readAllBytes();
        }
    }

    /**
     * Copies a hot instance to cold and verifies the copy: the hot bytes must match the recorded SHA-256 (a damaged
     * object is not archived as if it were sound) and the cold object, read back and decompressed, must give them
     * again. Returns the cold key and its stored size; the caller switches the row, then deletes the hot object.
     */
    Copied copyToCold(Instance instance) throws IOException {
        byte[] raw = read(instance);
        if (!sha256(raw).equals(instance.sha256())) {
            throw new IOException("hot object of " + instance.sopInstanceUid() + " does not match its SHA-256");
        }
        String key = coldKey(instance.studyUid(), instance.sopInstanceUid(), instance.sha256());
        byte[] compressed = Zstd.compress(raw, storage.coldLevel());
        long stored = sealed.put(key, compressed);
        byte[] back;
        try (InputStream in = new ZstdInputStream(sealed.get(key))) {
            back = in.readAllBytes();
        }
        if (!sha256(back).equals(instance.sha256())) {
            deleteQuietly(key);
            throw new IOException("cold copy of " + instance.sopInstanceUid() + " does not read back as the instance");
        }
        return new Copied(key, stored);
    }

    record Copied(String key, long storedBytes) {
    }

    void deleteQuietly(String key) {
        try {
            sealed.delete(key);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(InstanceObjects.class).warn("could not delete {}: {}", key, e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
