package org.cityhealth.crypto;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * {@link KeyProvider} backed by one file holding every master key version, sealed with a key derived from a
 * passphrase by scrypt. The file is created on first use with mode {@code rw-------}, and an existing file
 * that group or others may access is refused, as ssh refuses such a private key: the passphrase is the last
 * line of defence, not the only one.
 *
 * <p>File format (big-endian), all of it authenticated:
 * <pre>
 *   "CHKS" | format 1 (1) | algorithm id (1) | scrypt log2 N (1) | r (1) | p (1) | salt (16) | nonce (12)
 *   | GCM(key = scrypt(passphrase, salt, N, r, p), nonce, aad = the 37 bytes before, body) with tag
 *   body = current version (4) | count (2) | count × [version (4) | algorithm id (1) | created, epoch
 *          seconds (8) | key length (1) | key]
 * </pre>
 * Every write draws a fresh salt and nonce and seals with the algorithm this instance was opened with, then
 * replaces the file atomically (temporary file, fsync, rename). A wrapped data key is {@code nonce (12) |
 * GCM(master key, nonce, aad = "cityhealth-kek/v1" | version (4) | context, data key)}.
 *
 * <p>{@link #rotate()} holds an OS lock on {@code <file>.lock} and re-reads the file first, so a rotation by
 * another process (an operator's command while the hub runs) is never lost; {@link #unwrap} re-reads the file
 * once when it meets a version it does not know yet.
 */
public final class LocalKeystore implements KeyProvider {

    /** Thrown when the keystore file does not open with the passphrase given. */
    public static final class WrongPassphraseException extends IOException {
        WrongPassphraseException(Path file) {
            super("cannot open keystore " + file + ": wrong passphrase, or the file was altered");
        }
    }

    /** scrypt cost; the default takes about 32 MiB and a tenth of a second, paid once per open and per write. */
    record ScryptCost(int log2N, int r, int p) {
        static final ScryptCost DEFAULT = new ScryptCost(15, 8, 1);

        ScryptCost {
            // Bounds keep a crafted file from asking for gigabytes of memory.
            if (log2N < 10 || log2N > 22 || r < 1 || r > 32 || p < 1 || p > 16) {
                throw new IllegalArgumentException("scrypt cost out of range: N=2^" + log2N + " r=" + r + " p=" + p);
            }
        }
    }

    private record MasterKey(int version, Algorithm algorithm, long createdEpochSecond, byte[] key) {}

    private record Contents(int current, List<MasterKey> keys) {}

    private static final byte[] MAGIC = {'C', 'H', 'K', 'S'};
    private static final int FORMAT = 1;
    private static final int SALT_LENGTH = 16;
    private static final int HEADER_LENGTH = MAGIC.length + 5 + SALT_LENGTH + Aead.NONCE_LENGTH;
    private static final byte[] WRAP_LABEL = "cityhealth-kek/v1".getBytes(StandardCharsets.US_ASCII);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final byte[] passphrase;
    private final Algorithm algorithm;
    private final ScryptCost cost;
    private final SecureRandom random = new SecureRandom();
    private Contents contents;

    private LocalKeystore(Path file, byte[] passphrase, Algorithm algorithm, ScryptCost cost) {
        this.file = file;
        this.passphrase = passphrase;
        this.algorithm = algorithm;
        this.cost = cost;
    }

    /**
     * Opens the keystore at {@code file}, creating it with one master key if it does not exist.
     *
     * @param passphrase not kept by reference; the caller may clear it afterwards
     * @param algorithm used for master keys created from now on and to seal the file; existing master keys
     *     keep the algorithm they were made with
     * @throws WrongPassphraseException if the file exists and does not open with {@code passphrase}
     */
    public static LocalKeystore open(Path file, char[] passphrase, Algorithm algorithm) throws IOException {
        return open(file, passphrase, algorithm, ScryptCost.DEFAULT);
    }

    static LocalKeystore open(Path file, char[] passphrase, Algorithm algorithm, ScryptCost cost) throws IOException {
        requireNonNull(file, "file is null");
        requireNonNull(passphrase, "passphrase is null");
        requireNonNull(algorithm, "algorithm is null");
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("the keystore passphrase is empty");
        }
        LocalKeystore keystore = new LocalKeystore(file.toAbsolutePath().normalize(), utf8(passphrase), algorithm, cost);
        synchronized (keystore) {
            keystore.loadOrCreate();
        }
        return keystore;
    }

    @Override
    public synchronized WrappedKey wrap(byte[] dataKey, byte[] context) {
        requireNonNull(dataKey, "dataKey is null");
        requireNonNull(context, "context is null");
        MasterKey master = find(contents.current());
        byte[] nonce = randomBytes(Aead.NONCE_LENGTH);
        byte[] sealed = Aead.seal(master.algorithm(), master.key(), nonce, wrapAad(master.version(), context), dataKey);
        return new WrappedKey(master.version(), concat(nonce, sealed));
    }

    @Override
    public synchronized byte[] unwrap(WrappedKey wrapped, byte[] context) throws IOException {
        requireNonNull(wrapped, "wrapped is null");
        requireNonNull(context, "context is null");
        MasterKey master = find(wrapped.masterVersion());
        if (master == null) {
            contents = load();
            master = find(wrapped.masterVersion());
            if (master == null) {
                throw new IOException("master key version " + wrapped.masterVersion() + " is not in keystore " + file);
            }
        }
        byte[] ciphertext = wrapped.ciphertext();
        if (ciphertext.length < Aead.NONCE_LENGTH + Aead.TAG_LENGTH) {
            throw new IOException("wrapped key under master key version " + master.version() + " is truncated");
        }
        try {
            return Aead.open(master.algorithm(), master.key(), Arrays.copyOf(ciphertext, Aead.NONCE_LENGTH),
                    wrapAad(master.version(), context), Arrays.copyOfRange(ciphertext, Aead.NONCE_LENGTH, ciphertext.length));
        } catch (InvalidCipherTextException e) {
            throw new IOException("wrapped key under master key version " + master.version()
                    + " does not authenticate: it or what it protects was altered");
        }
    }

    @Override
    public synchronized int currentVersion() {
        return contents.current();
    }

    @Override
    public synchronized List<Integer> versions() {
        return contents.keys().stream().map(MasterKey::version).toList();
    }

    @Override
    public synchronized int rotate() throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                ownerOnlyAttributes());
             FileLock ignored = channel.lock()) {
            Contents onDisk = load();
            int version = onDisk.keys().getLast().version() + 1;
            List<MasterKey> keys = new ArrayList<>(onDisk.keys());
            keys.add(newMasterKey(version));
            Contents next = new Contents(version, List.copyOf(keys));
            replace(encode(next));
            contents = next;
            return version;
        }
    }

    private void loadOrCreate() throws IOException {
        if (Files.exists(file)) {
            contents = load();
            return;
        }
        Files.createDirectories(file.getParent());
        Contents fresh = new Contents(1, List.of(newMasterKey(1)));
        Path temporary = writeTemporary(encode(fresh));
        try {
            // A hard link never replaces: if another process created the keystore meanwhile, use theirs.
            Files.createLink(file, temporary);
            forceDirectory();
            contents = fresh;
        } catch (FileAlreadyExistsException e) {
            contents = load();
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private Contents load() throws IOException {
        checkPermissions();
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER_LENGTH + Aead.TAG_LENGTH || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(file + " is not a CityHealth keystore");
        }
        if (bytes[4] != FORMAT) {
            throw new IOException("keystore " + file + " has format " + bytes[4] + "; this version reads format " + FORMAT);
        }
        Algorithm sealedWith = Algorithm.ofId(bytes[5]);
        if (sealedWith == null) {
            throw new IOException("keystore " + file + " is sealed with unknown algorithm " + bytes[5]);
        }
        ScryptCost fileCost;
        try {
            fileCost = new ScryptCost(bytes[6], bytes[7], bytes[8]);
        } catch (IllegalArgumentException e) {
            throw new IOException("keystore " + file + ": " + e.getMessage());
        }
        byte[] salt = Arrays.copyOfRange(bytes, 9, 9 + SALT_LENGTH);
        byte[] nonce = Arrays.copyOfRange(bytes, 9 + SALT_LENGTH, HEADER_LENGTH);
        byte[] fileKey = deriveFileKey(sealedWith, salt, fileCost);
        byte[] body;
        try {
            body = Aead.open(sealedWith, fileKey, nonce, Arrays.copyOf(bytes, HEADER_LENGTH),
                    Arrays.copyOfRange(bytes, HEADER_LENGTH, bytes.length));
        } catch (InvalidCipherTextException e) {
            throw new WrongPassphraseException(file);
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
        try {
            return decodeBody(body);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private Contents decodeBody(byte[] body) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            int current = in.readInt();
            int count = in.readUnsignedShort();
            List<MasterKey> keys = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int version = in.readInt();
                Algorithm keyAlgorithm = Algorithm.ofId(in.readUnsignedByte());
                long created = in.readLong();
                byte[] key = in.readNBytes(in.readUnsignedByte());
                if (keyAlgorithm == null || key.length != keyAlgorithm.keyLength
                        || (!keys.isEmpty() && version <= keys.getLast().version())) {
                    throw new IOException("keystore " + file + " holds an invalid master key entry");
                }
                keys.add(new MasterKey(version, keyAlgorithm, created, key));
            }
            if (in.available() != 0 || keys.stream().noneMatch(k -> k.version() == current)) {
                throw new IOException("keystore " + file + " has an invalid body");
            }
            return new Contents(current, List.copyOf(keys));
        } catch (EOFException e) {
            throw new IOException("keystore " + file + " has a truncated body");
        }
    }

    private byte[] encode(Contents value) throws IOException {
        ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream();
        DataOutputStream body = new DataOutputStream(bodyBytes);
        body.writeInt(value.current());
        body.writeShort(value.keys().size());
        for (MasterKey key : value.keys()) {
            body.writeInt(key.version());
            body.writeByte(key.algorithm().id);
            body.writeLong(key.createdEpochSecond());
            body.writeByte(key.key().length);
            body.write(key.key());
        }
        byte[] plainBody = bodyBytes.toByteArray();
        byte[] salt = randomBytes(SALT_LENGTH);
        byte[] nonce = randomBytes(Aead.NONCE_LENGTH);
        byte[] header = ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).put((byte) FORMAT).put((byte) algorithm.id)
                .put((byte) cost.log2N()).put((byte) cost.r()).put((byte) cost.p()).put(salt).put(nonce).array();
        byte[] fileKey = deriveFileKey(algorithm, salt, cost);
        try {
            return concat(header, Aead.seal(algorithm, fileKey, nonce, header, plainBody));
        } finally {
            Arrays.fill(fileKey, (byte) 0);
            Arrays.fill(plainBody, (byte) 0);
        }
    }

    private void replace(byte[] bytes) throws IOException {
        Path temporary = writeTemporary(bytes);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceDirectory();
    }

    private Path writeTemporary(byte[] bytes) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
        try (FileChannel channel = FileChannel.open(temporary,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnlyAttributes())) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return temporary;
    }

    /** Makes the rename itself durable; not every platform can open a directory, and there it is skipped. */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Best effort only: the file content itself was forced before the rename.
        }
    }

    private void checkPermissions() throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException("keystore " + file + " has mode " + PosixFilePermissions.toString(permissions)
                    + "; it must be accessible by its owner only (chmod 600)");
        }
    }

    private FileAttribute<?>[] ownerOnlyAttributes() {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private byte[] deriveFileKey(Algorithm sealedWith, byte[] salt, ScryptCost fileCost) {
        return SCrypt.generate(passphrase, salt, 1 << fileCost.log2N(), fileCost.r(), fileCost.p(), sealedWith.keyLength);
    }

    private MasterKey newMasterKey(int version) {
        return new MasterKey(version, algorithm, Instant.now().getEpochSecond(), randomBytes(algorithm.keyLength));
    }

    private MasterKey find(int version) {
        for (MasterKey key : contents.keys()) {
            if (key.version() == version) {
                return key;
            }
        }
        return null;
    }

    private static byte[] wrapAad(int version, byte[] context) {
        return ByteBuffer.allocate(WRAP_LABEL.length + 4 + context.length).put(WRAP_LABEL).putInt(version).put(context).array();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        // The encoder's buffer is larger than its content; clear all of it, not just what was copied.
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }
}
