package org.cityhealth.crypto;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import org.cityhealth.crypto.KeyProvider.WrappedKey;
import org.cityhealth.store.ObjectStore;

/**
 * Each owner's data keys (DEKs), kept wrapped by the {@link KeyProvider}'s master key in an {@link ObjectStore}
 * of their own: one small object per data key at {@code <owner>/<id as 8 hex digits>}. Give it a store (or a
 * {@code LocalObjectStore} root) separate from the encrypted data's, beside it in the same backend.
 *
 * <p>Every data key has a random 32-bit id (named in each object header it encrypts) and a generation; the
 * highest generation is the owner's current key. Because every key is its own object and ids are random,
 * two processes that create keys at the same moment both persist theirs and no encrypted object loses its
 * key; their writes merely use different keys until one reloads. A key is persisted before anything is
 * encrypted with it.
 *
 * <p>Record format: {@code "CHDK" | format 1 | algorithm id (1) | generation (4) | master version (4) |
 * wrapped length (2) | wrapped}. The wrap context binds {@code "cityhealth-dek/v1" | algorithm id | generation
 * | id | owner}, so a record copied to another owner or id, or with its generation raised, does not unwrap.
 *
 * <p>Rotation never rewrites data: {@link #rotate(String)} adds a data key that new writes use while old
 * objects keep naming, and reading with, the old one; {@link #rotateMasterKey()} re-wraps the data key
 * records only. Unwrapped keys are cached in memory for the life of this object.
 */
public final class DataKeys {

    /** An unwrapped data key. */
    record DataKey(String owner, int id, int generation, Algorithm algorithm, byte[] key) {}

    private record KeyRecord(Algorithm algorithm, int generation, WrappedKey wrapped) {}

    private static final byte[] MAGIC = {'C', 'H', 'D', 'K'};
    private static final int FORMAT = 1;
    private static final byte[] CONTEXT_LABEL = "cityhealth-dek/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_OWNER_LENGTH = 255;
    private static final HexFormat HEX = HexFormat.of();

    private final KeyProvider provider;
    private final ObjectStore store;
    private final Algorithm algorithm;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, DataKey> currentByOwner = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DataKey> byObjectKey = new ConcurrentHashMap<>();

    /**
     * @param store where the wrapped data keys live; nothing else may write there
     * @param algorithm for data keys created from now on; an owner whose current key has another algorithm
     *     gets a new key on its next write, and its old objects stay readable
     */
    public DataKeys(KeyProvider provider, ObjectStore store, Algorithm algorithm) {
        this.provider = requireNonNull(provider, "provider is null");
        this.store = requireNonNull(store, "store is null");
        this.algorithm = requireNonNull(algorithm, "algorithm is null");
    }

    /**
     * Gives {@code owner} a new data key that every later write uses; objects written before keep theirs.
     *
     * @return the new key's id
     */
    public synchronized int rotate(String owner) throws IOException {
        checkOwner(owner);
        DataKey latest = latest(owner);
        DataKey created = create(owner, latest == null ? 1 : latest.generation() + 1);
        currentByOwner.put(owner, created);
        return created.id();
    }

    /**
     * Creates a new master key version and re-wraps every data key under it; no encrypted object is touched.
     *
     * @return how many data key records were rewritten
     */
    public synchronized int rotateMasterKey() throws IOException {
        provider.rotate();
        return rewrapAll();
    }

    /**
     * Re-wraps every data key that is not yet under the current master key version, for instance to finish a
     * {@link #rotateMasterKey()} that was interrupted.
     *
     * @return how many data key records were rewritten
     */
    public synchronized int rewrapAll() throws IOException {
        int currentVersion = provider.currentVersion();
        int rewritten = 0;
        for (String objectKey : store.list("")) {
            int slash = objectKey.indexOf('/');
            String owner = objectKey.substring(0, Math.max(slash, 0));
            int id = parseId(objectKey.substring(slash + 1));
            if (slash <= 0 || id == 0 || !objectKey.equals(objectKeyOf(owner, id))) {
                throw new IOException("data key store holds " + objectKey + ", which is not a data key record");
            }
            KeyRecord old = read(objectKey);
            if (old.wrapped().masterVersion() == currentVersion) {
                continue;
            }
            byte[] context = context(owner, id, old.algorithm(), old.generation());
            byte[] key = provider.unwrap(old.wrapped(), context);
            try {
                store.put(objectKey, encode(new KeyRecord(old.algorithm(), old.generation(), provider.wrap(key, context))));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            rewritten++;
        }
        return rewritten;
    }

    /** The key new objects of {@code owner} are encrypted with, created on first use. */
    DataKey current(String owner) throws IOException {
        DataKey key = currentByOwner.get(owner);
        if (key != null && key.algorithm() == algorithm) {
            return key;
        }
        synchronized (this) {
            key = currentByOwner.get(owner);
            if (key == null) {
                checkOwner(owner);
                key = latest(owner);
            }
            if (key == null || key.algorithm() != algorithm) {
                key = create(owner, key == null ? 1 : key.generation() + 1);
            }
            currentByOwner.put(owner, key);
            return key;
        }
    }

    /** The data key {@code id} of {@code owner}, or null when the store has no such key. */
    DataKey find(String owner, int id) throws IOException {
        String objectKey = objectKeyOf(owner, id);
        DataKey cached = byObjectKey.get(objectKey);
        if (cached != null) {
            return cached;
        }
        KeyRecord stored;
        try {
            stored = read(objectKey);
        } catch (ObjectStore.NoSuchObjectException e) {
            return null;
        }
        return unwrapped(owner, id, stored);
    }

    private DataKey latest(String owner) throws IOException {
        String latestKey = null;
        KeyRecord latest = null;
        for (String objectKey : store.list(owner + "/")) {
            KeyRecord candidate = read(objectKey);
            if (latest == null || candidate.generation() > latest.generation()
                    || candidate.generation() == latest.generation() && objectKey.compareTo(latestKey) > 0) {
                latest = candidate;
                latestKey = objectKey;
            }
        }
        return latest == null ? null : unwrapped(owner, parseId(latestKey.substring(owner.length() + 1)), latest);
    }

    private DataKey create(String owner, int generation) throws IOException {
        int id;
        do {
            id = random.nextInt();
        } while (id == 0 || store.size(objectKeyOf(owner, id)).isPresent());
        byte[] key = new byte[algorithm.keyLength];
        random.nextBytes(key);
        WrappedKey wrapped = provider.wrap(key, context(owner, id, algorithm, generation));
        store.put(objectKeyOf(owner, id), encode(new KeyRecord(algorithm, generation, wrapped)));
        DataKey created = new DataKey(owner, id, generation, algorithm, key);
        byObjectKey.put(objectKeyOf(owner, id), created);
        return created;
    }

    private DataKey unwrapped(String owner, int id, KeyRecord stored) throws IOException {
        byte[] key;
        try {
            key = provider.unwrap(stored.wrapped(), context(owner, id, stored.algorithm(), stored.generation()));
        } catch (IOException e) {
            throw new IOException("data key record " + objectKeyOf(owner, id) + ": " + e.getMessage(), e);
        }
        DataKey dataKey = new DataKey(owner, id, stored.generation(), stored.algorithm(), key);
        DataKey raced = byObjectKey.putIfAbsent(objectKeyOf(owner, id), dataKey);
        return raced != null ? raced : dataKey;
    }

    private KeyRecord read(String objectKey) throws IOException {
        byte[] bytes;
        try (InputStream in = store.get(objectKey)) {
            bytes = in.readNBytes(64 * 1024);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            int format = in.readUnsignedByte();
            Algorithm keyAlgorithm = Algorithm.ofId(in.readUnsignedByte());
            int generation = in.readInt();
            int masterVersion = in.readInt();
            byte[] wrapped = in.readNBytes(in.readUnsignedShort());
            if (!Arrays.equals(magic, MAGIC) || format != FORMAT || keyAlgorithm == null || in.available() != 0) {
                throw new IOException("data key record " + objectKey + " is malformed");
            }
            return new KeyRecord(keyAlgorithm, generation, new WrappedKey(masterVersion, wrapped));
        } catch (EOFException e) {
            throw new IOException("data key record " + objectKey + " is truncated");
        }
    }

    private static byte[] encode(KeyRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeByte(FORMAT);
        out.writeByte(record.algorithm().id);
        out.writeInt(record.generation());
        out.writeInt(record.wrapped().masterVersion());
        out.writeShort(record.wrapped().ciphertext().length);
        out.write(record.wrapped().ciphertext());
        return bytes.toByteArray();
    }

    private static byte[] context(String owner, int id, Algorithm algorithm, int generation) {
        byte[] ownerBytes = owner.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(CONTEXT_LABEL.length + 9 + ownerBytes.length).put(CONTEXT_LABEL)
                .put((byte) algorithm.id).putInt(generation).putInt(id).put(ownerBytes).array();
    }

    private static String objectKeyOf(String owner, int id) {
        return owner + "/" + HEX.toHexDigits(id);
    }

    /** The id named by 8 lowercase hex digits, or 0 (never an id) for anything else. */
    private static int parseId(String hex) {
        if (hex.length() != 8 || !hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            return 0;
        }
        return (int) Long.parseLong(hex, 16);
    }

    /** Owners name a directory of the key store and are stored in object headers, so they are one key segment. */
    static boolean isValidOwner(String owner) {
        if (owner == null || owner.isEmpty() || owner.length() > MAX_OWNER_LENGTH || owner.indexOf('/') >= 0) {
            return false;
        }
        try {
            ObjectStore.checkKey(owner);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void checkOwner(String owner) {
        if (!isValidOwner(owner)) {
            throw new IllegalArgumentException("invalid owner: " + owner
                    + " (1 to " + MAX_OWNER_LENGTH + " characters of [A-Za-z0-9._-], not . or ..)");
        }
    }
}
