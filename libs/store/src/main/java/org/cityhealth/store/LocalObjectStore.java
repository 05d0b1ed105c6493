package org.cityhealth.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link ObjectStore} in a local directory: the embedded default. Each object is a file at its key's path;
 * a put writes a temporary file in the same directory, forces it to disk and renames it into place, so a
 * crash leaves either the old object, the new one, or a stray {@code .tmp-} file that {@link #list} ignores.
 */
public final class LocalObjectStore implements ObjectStore {

    private static final String TEMPORARY_PREFIX = ".tmp-";

    private final Path root;

    public LocalObjectStore(Path root) throws IOException {
        this.root = Files.createDirectories(requireNonNull(root, "root is null")).toAbsolutePath().normalize();
    }

    @Override
    public long put(String key, InputStream data) throws IOException {
        requireNonNull(data, "data is null");
        Path target = pathOf(key);
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(TEMPORARY_PREFIX + UUID.randomUUID());
        long written;
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            written = data.transferTo(out);
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return written;
    }

    @Override
    public InputStream get(String key) throws IOException {
        try {
            return Files.newInputStream(pathOf(key));
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException(key);
        }
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        Path path = pathOf(key);
        return Files.isRegularFile(path) ? Optional.of(Files.size(path)) : Optional.empty();
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        requireNonNull(prefix, "prefix is null");
        List<String> keys = new ArrayList<>();
        Path start = startOf(prefix);
        if (!Files.isDirectory(start)) {
            return keys;
        }
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(Files::isRegularFile)
                    .filter(path -> !path.getFileName().toString().startsWith(TEMPORARY_PREFIX))
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .filter(key -> key.startsWith(prefix))
                    .forEach(keys::add);
        }
        keys.sort(null);
        return keys;
    }

    /** Deletes {@code .tmp-} files a killed writer left under {@code prefix}, older than {@code olderThan}. */
    @Override
    public int sweep(String prefix, java.time.Duration olderThan) throws IOException {
        Path start = startOf(prefix);
        if (!Files.isDirectory(start)) {
            return 0;
        }
        java.nio.file.attribute.FileTime cutoff = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(olderThan));
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(path -> path.getFileName().toString().startsWith(TEMPORARY_PREFIX)).forEach(stale::add);
        }
        int deleted = 0;
        for (Path path : stale) {
            try {
                if (Files.getLastModifiedTime(path).compareTo(cutoff) <= 0 && Files.deleteIfExists(path)) {
                    deleted++;
                }
            } catch (NoSuchFileException gone) {
                // its writer finished or another sweep removed it
            }
        }
        return deleted;
    }

    public Path root() {
        return root;
    }

    /** The directory a walk for {@code prefix} can start from: the prefix up to its last slash, so a list of cold/ skips the vault. */
    private Path startOf(String prefix) {
        int slash = prefix.lastIndexOf('/');
        return slash <= 0 ? root : root.resolve(ObjectStore.checkKey(prefix.substring(0, slash)));
    }

    private Path pathOf(String key) {
        return root.resolve(ObjectStore.checkKey(key));
    }
}
