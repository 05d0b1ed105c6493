package org.cityhealth.ledger.tiles;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe in-memory {@link TileStorage}, for tests, benchmarks and throw-away logs. */
public final class MemoryTileStorage implements TileStorage {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public Optional<byte[]> read(String path) {
        Objects.requireNonNull(path, "path is null");
        byte[] data = objects.get(path);
        return data == null ? Optional.empty() : Optional.of(data.clone());
    }

    @Override
    public void write(String path, byte[] data) {
        Objects.requireNonNull(path, "path is null");
        objects.put(path, data.clone());
    }

    @Override
    public void delete(String path) {
        Objects.requireNonNull(path, "path is null");
        objects.remove(path);
    }

    /** A sorted snapshot of the paths currently stored. */
    public SortedSet<String> paths() {
        return new TreeSet<>(objects.keySet());
    }
}
