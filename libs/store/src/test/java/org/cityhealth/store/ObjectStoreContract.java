package org.cityhealth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ObjectStore} must show; each driver's test extends this class. */
public abstract class ObjectStoreContract {

    protected abstract ObjectStore store() throws IOException;

    @Test
    void returnsExactlyTheBytesPut() throws IOException {
        ObjectStore store = store();
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        assertThat(store.put("a/b/object.bin", data)).isEqualTo(data.length);
        try (InputStream in = store.get("a/b/object.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(store.size("a/b/object.bin")).contains((long) data.length);
    }

    @Test
    void replacesAnExistingObjectWhole() throws IOException {
        ObjectStore store = store();
        store.put("k", "first version".getBytes(StandardCharsets.UTF_8));
        store.put("k", "2".getBytes(StandardCharsets.UTF_8));
        try (InputStream in = store.get("k")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2");
        }
    }

    @Test
    void missingKeyIsAnErrorNotEmptyBytes() throws IOException {
        ObjectStore store = store();
        assertThatThrownBy(() -> store.get("no/such")).isInstanceOf(ObjectStore.NoSuchObjectException.class);
        assertThat(store.size("no/such")).isEmpty();
        store.delete("no/such");
    }

    @Test
    void listsByPrefixInOrder() throws IOException {
        ObjectStore store = store();
        store.put("p/2", new byte[] {2});
        store.put("p/1", new byte[] {1});
        store.put("q/1", new byte[] {3});
        assertThat(store.list("p/")).containsExactly("p/1", "p/2");
        store.delete("p/1");
        assertThat(store.list("p/")).containsExactly("p/2");
    }

    @Test
    void refusesKeysThatCouldEscape() throws IOException {
        ObjectStore store = store();
        for (String bad : new String[] {"../x", "/abs", "a//b", "a/./b", "trailing/", "", "sp ace"}) {
            assertThatThrownBy(() -> store.put(bad, new byte[0])).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFailedPutLeavesNothingBehind() throws IOException {
        ObjectStore store = store();
        InputStream failing = new InputStream() {
            int left = 100_000;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                // Fails on every call once the budget is spent, as a dropped connection does.
                if (left <= 0) {
                    throw new IOException("sender hung up");
                }
                int n = Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 1);
                left -= n;
                return n;
            }
        };
        assertThatThrownBy(() -> store.put("broken", failing)).isInstanceOf(IOException.class);
        assertThat(store.size("broken")).isEmpty();
        assertThat(store.list("")).doesNotContain("broken");
    }
}
