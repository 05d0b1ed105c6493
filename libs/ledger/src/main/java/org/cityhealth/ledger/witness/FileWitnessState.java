package org.cityhealth.ledger.witness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.cityhealth.ledger.note.Checkpoint;
import org.cityhealth.ledger.note.Note;
import org.cityhealth.ledger.note.NoteException;

/**
 * {@link WitnessState} in a directory: one file per log holding the signed checkpoint as the
 * log submitted it, named by the SHA-256 of the origin (origins are arbitrary text, file names
 * are not).
 *
 * <p>Writes go to a temporary file that is fsynced and atomically renamed over the old one,
 * then the directory is fsynced, so a crash leaves either the old or the new checkpoint, never
 * a torn one. Compare-and-set holds a lock shared by every instance on the same directory in
 * this JVM plus an OS file lock for other processes.
 */
public final class FileWitnessState implements WitnessState {

    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final String SUFFIX = ".checkpoint";

    private final Path dir;
    private final ReentrantLock lock;

    /**
     * @param dir the state directory; created if missing
     * @throws IOException if it cannot be created or resolved
     */
    public FileWitnessState(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.dir = dir.toRealPath();
        this.lock = JVM_LOCKS.computeIfAbsent(this.dir, d -> new ReentrantLock());
    }

    @Override
    public Optional<Stored> latest(String origin) throws IOException {
        Objects.requireNonNull(origin, "origin is null");
        Path file = fileOf(origin);
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(Note.parse(content).text());
        } catch (NoteException e) {
            throw new IOException("witness state file " + file + " is corrupt: " + e.getMessage());
        }
        if (!checkpoint.origin().equals(origin)) {
            throw new IOException("witness state file " + file + " holds origin " + checkpoint.origin()
                    + ", not " + origin);
        }
        return Optional.of(new Stored(checkpoint.size(), checkpoint.rootHash(), content));
    }

    /**
     * @throws IllegalArgumentException if {@code next.signedCheckpoint()} is not a checkpoint
     *     of {@code origin} with {@code next}'s size and root hash: the file is the only record,
     *     so it must say what {@code next} says
     */
    @Override
    public boolean compareAndSet(String origin, long expectedSize, Stored next) throws IOException {
        Objects.requireNonNull(origin, "origin is null");
        requireConsistent(origin, next);
        lock.lock();
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            long current = latest(origin).map(Stored::size).orElse(0L);
            if (current != expectedSize) {
                return false;
            }
            write(fileOf(origin), next.signedCheckpoint().getBytes(StandardCharsets.UTF_8));
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void write(Path file, byte[] content) throws IOException {
        Path temp = Files.createTempFile(dir, ".tmp-", SUFFIX);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically; "
                        + "the witness state needs one that can", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory();
    }

    private void syncDirectory() throws IOException {
        // Makes the rename itself durable. Linux and macOS allow fsync on a directory opened
        // for reading; Windows refuses to open one, and there the rename is durable anyway.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    private Path fileOf(String origin) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    private static void requireConsistent(String origin, Stored next) {
        Objects.requireNonNull(next, "next is null");
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(Note.parse(next.signedCheckpoint()).text());
        } catch (NoteException e) {
            throw new IllegalArgumentException("stored checkpoint is malformed: " + e.getMessage());
        }
        if (!checkpoint.origin().equals(origin)
                || checkpoint.size() != next.size()
                || !Arrays.equals(checkpoint.rootHash(), next.rootHash())) {
            throw new IllegalArgumentException(
                    "the signed checkpoint does not match the origin, size and root hash to store");
        }
    }

    @Override
    public String toString() {
        return "FileWitnessState[" + dir + "]";
    }
}
