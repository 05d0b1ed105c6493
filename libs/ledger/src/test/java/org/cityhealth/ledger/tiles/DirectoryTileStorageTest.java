package org.cityhealth.ledger.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cityhealth.ledger.HashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryTileStorageTest {

    @TempDir
    Path dir;

    @Test
    void roundTripOverwriteAndDelete() throws IOException {
        DirectoryTileStorage storage = new DirectoryTileStorage(dir.resolve("log"));
        assertThat(storage.read("tile/0/x001/234.p/5")).isEmpty();
        storage.write("tile/0/x001/234.p/5", new byte[] {1, 2, 3});
        assertThat(storage.read("tile/0/x001/234.p/5"))
                .hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        storage.write("tile/0/x001/234.p/5", new byte[0]);
        assertThat(storage.read("tile/0/x001/234.p/5")).hasValueSatisfying(b -> assertThat(b).isEmpty());
        storage.write("checkpoint", new byte[] {9});
        assertThat(Files.readAllBytes(dir.resolve("log/checkpoint"))).containsExactly(9);
        storage.delete("tile/0/x001/234.p/5");
        storage.delete("tile/0/x001/234.p/5");
        assertThat(storage.read("tile/0/x001/234.p/5")).isEmpty();
        // No temporary files are left behind.
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../outside", "tile/../../outside", "tile//0", "tile/0/",
        "./tile", ".tile.tmp", "tile/.hidden", "tile\\0", "tile/0/a b", "tile/é"})
    void rejectsPathsOutsideTheLayout(String path) throws IOException {
        DirectoryTileStorage storage = new DirectoryTileStorage(dir);
        assertThatThrownBy(() -> storage.write(path, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.read(path)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(dir.resolveSibling("outside"))).isFalse();
    }

    /** The log written to a directory is file for file the one written to memory. */
    @Test
    void tiledLogOnDiskMatchesMemory() throws IOException {
        HashFunction h = HashFunction.SHA256;
        List<byte[]> entries = TestLogs.entries(1_500, 13);
        List<Integer> batches = TestLogs.batches(1_500, 13);
        MemoryTileStorage memory = new MemoryTileStorage();
        DirectoryTileStorage disk = new DirectoryTileStorage(dir);
        LogState inMemory =
                TestLogs.appendAll(new TiledLog(h, memory), LogState.empty(h), entries, batches).getLast();
        LogState onDisk =
                TestLogs.appendAll(new TiledLog(h, disk), LogState.empty(h), entries, batches).getLast();
        assertThat(onDisk).isEqualTo(inMemory);

        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString().replace('\\', '/'),
                        HexFormat.of().formatHex(Files.readAllBytes(file)));
            }
        }
        assertThat(files).isEqualTo(TestLogs.snapshot(memory));
        assertThat(TreeAudit.audit(h, disk, 1_500, onDisk.rootHash()).ok()).isTrue();
        assertThat(new TileProofs(h, disk).rootHash(1_500)).isEqualTo(onDisk.rootHash());
    }
}
