package org.cityhealth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path root;

    @Override
    protected ObjectStore store() throws IOException {
        return new LocalObjectStore(root);
    }

    /** What a writer killed mid-put leaves (a temporary file) is never listed, and a sweep removes it once it is old. */
    @Test
    void aSweepRemovesWhatAKilledWriterLeft() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        store.put("cold/1/a.zst", new byte[] {1});
        store.put("vault/x/b.zst", new byte[] {2});
        Path old = Files.writeString(root.resolve("cold/1/.tmp-old"), "partial");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path recent = Files.writeString(root.resolve("cold/1/.tmp-recent"), "partial");
        Files.writeString(root.resolve("vault/x/.tmp-other"), "partial");

        assertThat(store.list("cold/")).containsExactly("cold/1/a.zst");
        assertThat(store.list("cold/1/a")).containsExactly("cold/1/a.zst");
        assertThat(store.list("nothing/here/")).isEmpty();
        assertThat(store.sweep("cold/", Duration.ofHours(1))).isEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(store.sweep("cold/", Duration.ZERO)).isEqualTo(1);
        assertThat(root.resolve("vault/x/.tmp-other")).as("a sweep stays under its prefix").exists();
        assertThat(store.list("")).containsExactly("cold/1/a.zst", "vault/x/b.zst");
    }
}
