package org.cityhealth.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cityhealth.store.LocalObjectStore;
import org.cityhealth.store.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation of master keys and data keys never rewrites an encrypted object, and every old object stays readable. */
class RotationTest {

    @TempDir
    Path dir;

    private final Map<String, byte[]> written = new LinkedHashMap<>();

    @Test
    void masterKeyRotationRewrapsOnlyDataKeys() throws IOException {
        Fixtures.Stack stack = Fixtures.stack(dir, Algorithm.AES_256_GCM, 1024);
        write(stack, "hospital-a/1", "hospital-a/2", "clinic-b/1", "lab-c/1");
        stack.dataKeys().rotate("hospital-a");
        write(stack, "hospital-a/3");
        Map<String, byte[]> storedBefore = storedBytes(stack.data());
        int dataPutsBefore = stack.data().puts.get();
        int keyPutsBefore = stack.keyStore().puts.get();

        // Four data keys: two of hospital-a, one each of clinic-b and lab-c.
        assertThat(stack.dataKeys().rotateMasterKey()).isEqualTo(4);

        assertThat(stack.data().puts.get()).isEqualTo(dataPutsBefore);
        assertThat(stack.keyStore().puts.get()).isEqualTo(keyPutsBefore + 4);
        assertThat(storedBytes(stack.data())).containsExactlyInAnyOrderEntriesOf(storedBefore);
        assertThat(stack.keystore().versions()).containsExactly(1, 2);
        assertThat(stack.keystore().currentVersion()).isEqualTo(2);
        assertThat(stack.dataKeys().rewrapAll()).as("nothing left under version 1").isZero();
        assertAllReadable(stack.encrypted());

        // A fresh process: keystore and data keys re-read from disk.
        assertAllReadable(reopen(Algorithm.AES_256_GCM).encrypted());
    }

    @Test
    void interruptedMasterRotationLeavesEverythingReadableAndCanBeFinished() throws IOException {
        Fixtures.Stack stack = Fixtures.stack(dir, Algorithm.SM4_GCM, 1024);
        write(stack, "hospital-a/1", "clinic-b/1");
        // The new master version exists but nothing was re-wrapped yet, as after a crash.
        stack.keystore().rotate();
        write(stack, "hospital-a/2", "new-source/1");
        assertAllReadable(reopen(Algorithm.SM4_GCM).encrypted());

        // new-source's key was wrapped under version 2 already; the two older ones were not.
        assertThat(stack.dataKeys().rewrapAll()).isEqualTo(2);
        assertAllReadable(reopen(Algorithm.SM4_GCM).encrypted());
    }

    @Test
    void dataKeyRotationChangesTheKeyOfNewWritesOnly() throws IOException {
        Fixtures.Stack stack = Fixtures.stack(dir, Algorithm.AES_256_GCM, 1024);
        write(stack, "hospital-a/old", "clinic-b/1");
        byte[] oldStored = Fixtures.readAll(stack.data(), "hospital-a/old");
        int dataPuts = stack.data().puts.get();

        int newId = stack.dataKeys().rotate("hospital-a");

        assertThat(stack.data().puts.get()).isEqualTo(dataPuts);
        write(stack, "hospital-a/new", "clinic-b/2");
        assertThat(dataKeyId(stack, "hospital-a/new")).isEqualTo(newId).isNotEqualTo(dataKeyId(stack, "hospital-a/old"));
        assertThat(dataKeyId(stack, "clinic-b/2")).as("other owners keep their key").isEqualTo(dataKeyId(stack, "clinic-b/1"));
        assertThat(Fixtures.readAll(stack.data(), "hospital-a/old")).isEqualTo(oldStored);
        assertAllReadable(stack.encrypted());
        assertAllReadable(reopen(Algorithm.AES_256_GCM).encrypted());
        assertThat(reopen(Algorithm.AES_256_GCM).dataKeys().current("hospital-a").id()).as("rotation persisted").isEqualTo(newId);
    }

    @Test
    void changingTheAlgorithmGivesOwnersNewKeysAndKeepsOldObjectsReadable() throws IOException {
        Fixtures.Stack aes = Fixtures.stack(dir, Algorithm.AES_256_GCM, 1024);
        write(aes, "hospital-a/aes");
        Fixtures.Stack sm4 = reopen(Algorithm.SM4_GCM);
        write(sm4, "hospital-a/sm4");
        assertThat(header(sm4, "hospital-a/aes").algorithm()).isEqualTo(Algorithm.AES_256_GCM);
        assertThat(header(sm4, "hospital-a/sm4").algorithm()).isEqualTo(Algorithm.SM4_GCM);
        assertAllReadable(sm4.encrypted());
    }

    @Test
    void aDataKeyRecordMovedToAnotherOwnerDoesNotUnwrap() throws IOException {
        Fixtures.Stack stack = Fixtures.stack(dir, Algorithm.AES_256_GCM, 1024);
        write(stack, "hospital-a/1", "clinic-b/1");
        String recordA = stack.keyStore().list("hospital-a/").getFirst();
        String recordB = stack.keyStore().list("clinic-b/").getFirst();
        stack.keyStore().put(recordB, Fixtures.readAll(stack.keyStore(), recordA));

        Fixtures.Stack fresh = reopen(Algorithm.AES_256_GCM);
        assertThatThrownBy(() -> Fixtures.readAll(fresh.encrypted(), "clinic-b/1"))
                .isInstanceOf(IOException.class).hasMessageContaining("does not authenticate");
        assertThat(Fixtures.readAll(fresh.encrypted(), "hospital-a/1")).isEqualTo(written.get("hospital-a/1"));
    }

    @Test
    void aDeletedDataKeyIsReportedByName() throws IOException {
        Fixtures.Stack stack = Fixtures.stack(dir, Algorithm.AES_256_GCM, 1024);
        write(stack, "hospital-a/1");
        stack.keyStore().delete(stack.keyStore().list("hospital-a/").getFirst());
        assertThatThrownBy(() -> Fixtures.readAll(reopen(Algorithm.AES_256_GCM).encrypted(), "hospital-a/1"))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("of owner hospital-a, which the data key store does not hold");
    }

    private void write(Fixtures.Stack stack, String... keys) throws IOException {
        for (String key : keys) {
            byte[] data = ("contents of " + key + " ").repeat(200).getBytes(StandardCharsets.UTF_8);
            stack.encrypted().put(key, new ByteArrayInputStream(data));
            written.put(key, data);
        }
    }

    private void assertAllReadable(ObjectStore store) throws IOException {
        for (Map.Entry<String, byte[]> entry : written.entrySet()) {
            assertThat(Fixtures.readAll(store, entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    private Fixtures.Stack reopen(Algorithm algorithm) throws IOException {
        return Fixtures.stack(dir, algorithm, 1024);
    }

    private static Map<String, byte[]> storedBytes(ObjectStore store) throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (String key : store.list("")) {
            bytes.put(key, Fixtures.readAll(store, key));
        }
        return bytes;
    }

    private static ObjectHeader header(Fixtures.Stack stack, String key) throws IOException {
        try (InputStream in = stack.data().get(key)) {
            return ObjectHeader.read(in, key);
        }
    }

    private static int dataKeyId(Fixtures.Stack stack, String key) throws IOException {
        return header(stack, key).dataKeyId();
    }
}
