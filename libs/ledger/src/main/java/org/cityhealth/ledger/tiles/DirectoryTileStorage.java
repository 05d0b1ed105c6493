package org.cityhealth.ledger.tiles;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A {@link TileStorage} of plain files under a root directory, laid out exactly like the URL
 * space of the spec, so the directory can be served as-is by any static web server.
 *
 * <p>A write goes to a temporary file in the target directory, is fsynced, renamed over the
 * target (atomic on POSIX file systems) and the directory is fsynced, so after a crash a path
 * holds either its old or its new complete content. Temporary names start with a dot, which no
 * accepted path segment does, so they never collide with real objects.
 */
public final class DirectoryTileStorage implements TileStorage {

    // One path segment: no empty, ".", ".." or dot-first names, no separators or odd characters.
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final boolean WINDOWS = File.separatorChar == '\\';

    private final Path root;

    /**
     * @param root the directory holding the log; created if missing
     * @throws IOException if it cannot be created
     */
    public DirectoryTileStorage(Path root) throws IOException {
        this.root = Objects.requireNonNull(root, "root is null").toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        Path file = resolve(path);
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String path, byte[] data) throws IOException {
        Objects.requireNonNull(data, "data is null");
        Path file = resolve(path);
        Path directory = file.getParent();
        createDirectoriesDurably(directory);
        String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path temp = directory.resolve("." + file.getFileName() + "." + nonce + ".tmp");
        try {
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system under " + root
                        + " cannot rename atomically, so tiles could be torn", e);
            }
            syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        Files.deleteIfExists(resolve(path));
    }

    private Path resolve(String path) {
        Objects.requireNonNull(path, "path is null");
        if (path.isEmpty() || path.length() > 1024) {
            throw new IllegalArgumentException("storage path must have 1..1024 characters");
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException(
                        "storage path \"" + path + "\" must be relative, '/'-separated names of"
                                + " [A-Za-z0-9._-] not starting with '.'");
            }
        }
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("storage path \"" + path + "\" leaves " + root);
        }
        return file;
    }

    /** Creates missing directories and fsyncs their parents, so the new entries survive a crash. */
    private void createDirectoriesDurably(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path existing = directory;
        while (!Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        Files.createDirectories(directory);
        for (Path created = directory; !created.equals(existing); created = created.getParent()) {
            syncDirectory(created.getParent());
        }
    }

    private static void syncDirectory(Path directory) throws IOException {
        // A rename is only durable once the directory is; Windows cannot open directories for
        // this and makes renames durable on its own (NTFS journals metadata).
        if (WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
