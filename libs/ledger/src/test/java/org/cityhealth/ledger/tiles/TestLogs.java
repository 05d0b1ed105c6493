package org.cityhealth.ledger.tiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleHasher;

/** Deterministic entries, batch splits and storage snapshots for the tile tests. */
final class TestLogs {

    private TestLogs() {}

    /** {@code n} entries of 0..120 bytes (some empty), determined by {@code seed}. */
    static List<byte[]> entries(int n, long seed) {
        Random random = new Random(seed);
        List<byte[]> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] entry = new byte[random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(120)];
            random.nextBytes(entry);
            entries.add(entry);
        }
        return entries;
    }

    /**
     * Random batch sizes summing to {@code n}: a mix of single entries, small batches and large
     * ones, so boundaries fall anywhere relative to tile boundaries.
     */
    static List<Integer> batches(int n, long seed) {
        Random random = new Random(seed);
        List<Integer> sizes = new ArrayList<>();
        int left = n;
        while (left > 0) {
            int size = switch (random.nextInt(4)) {
                case 0 -> 1;
                case 1 -> 1 + random.nextInt(20);
                case 2 -> 1 + random.nextInt(300);
                default -> 1 + random.nextInt(1500);
            };
            size = Math.min(size, left);
            sizes.add(size);
            left -= size;
        }
        return sizes;
    }

    static List<byte[]> leafHashes(HashFunction h, List<byte[]> entries) {
        MerkleHasher hasher = new MerkleHasher(h);
        return entries.stream().map(hasher::leafHash).toList();
    }

    /** Appends {@code entries} in the given batches; returns the state after each batch. */
    static List<LogState> appendAll(
            TiledLog log, LogState start, List<byte[]> entries, List<Integer> batches) {
        List<LogState> states = new ArrayList<>();
        LogState state = start;
        int from = 0;
        for (int size : batches) {
            state = append(log, state, entries.subList(from, from + size));
            states.add(state);
            from += size;
        }
        return states;
    }

    static LogState append(TiledLog log, LogState state, List<byte[]> batch) {
        try {
            return log.append(state, batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All objects of a memory storage, for byte-for-byte comparison. */
    static Map<String, String> snapshot(MemoryTileStorage storage) {
        Map<String, String> copy = new TreeMap<>();
        for (String path : storage.paths()) {
            copy.put(path, HexFormat.of().formatHex(read(storage, path)));
        }
        return copy;
    }

    static byte[] read(TileStorage storage, String path) {
        try {
            return storage.read(path).orElseThrow(() -> new AssertionError(path + " missing"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(TileStorage storage, String path, byte[] data) {
        try {
            storage.write(path, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MemoryTileStorage copy(MemoryTileStorage storage) {
        MemoryTileStorage copy = new MemoryTileStorage();
        for (String path : storage.paths()) {
            copy.write(path, read(storage, path));
        }
        return copy;
    }
}
