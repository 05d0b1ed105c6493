package org.cityhealth.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.cityhealth.store.LocalObjectStore;
import org.cityhealth.store.ObjectStore;

/** A whole encryption stack in a temporary directory, with scrypt cheap enough for tests. */
final class Fixtures {

    static final LocalKeystore.ScryptCost CHEAP = new LocalKeystore.ScryptCost(10, 8, 1);
    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    static final Function<String, String> FIRST_SEGMENT = key -> key.split("/", 2)[0];

    private Fixtures() {}

    static LocalKeystore keystore(Path dir, Algorithm algorithm) throws IOException {
        return LocalKeystore.open(dir.resolve("master.keystore"), PASSPHRASE, algorithm, CHEAP);
    }

    /** Keystore, data keys and encrypted store over {@code dir}; both raw stores count their writes. */
    record Stack(LocalKeystore keystore, CountingStore keyStore, DataKeys dataKeys, CountingStore data,
                 EncryptingObjectStore encrypted) {}

    /** The stack as the hub runs it: the keystore file and both stores in directories under {@code dir}. */
    static Stack stack(Path dir, Algorithm algorithm, int segmentSize) throws IOException {
        return stack(dir, algorithm, segmentSize, new LocalObjectStore(dir.resolve("keys")),
                new LocalObjectStore(dir.resolve("data")));
    }

    /** The keystore file in {@code dir}, both stores in memory: for tests that rewrite objects thousands of times. */
    static Stack memoryStack(Path dir, Algorithm algorithm, int segmentSize) throws IOException {
        return stack(dir, algorithm, segmentSize, new MemoryStore(), new MemoryStore());
    }

    static Stack stack(Path dir, Algorithm algorithm, int segmentSize, ObjectStore keys, ObjectStore data)
            throws IOException {
        LocalKeystore keystore = keystore(dir, algorithm);
        CountingStore keyStore = new CountingStore(keys);
        DataKeys dataKeys = new DataKeys(keystore, keyStore, algorithm);
        CountingStore countingData = new CountingStore(data);
        return new Stack(keystore, keyStore, dataKeys, countingData,
                new EncryptingObjectStore(countingData, dataKeys, FIRST_SEGMENT, segmentSize));
    }

    static byte[] readAll(ObjectStore store, String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return in.readAllBytes();
        }
    }

    /** Reads until the stream ends or fails; returns what was read and the failure, if any. */
    record Partial(byte[] bytes, IOException failure) {}

    static Partial readUntilFailure(ObjectStore store, String key) {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (InputStream in = store.get(key)) {
            byte[] buffer = new byte[37];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.write(buffer, 0, n);
            }
            return new Partial(read.toByteArray(), null);
        } catch (IOException e) {
            return new Partial(read.toByteArray(), e);
        }
    }

    /** An {@link ObjectStore} in a map; puts are not streamed, which these tests do not need. */
    static final class MemoryStore implements ObjectStore {
        private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

        @Override
        public long put(String key, InputStream data) throws IOException {
            ObjectStore.checkKey(key);
            byte[] bytes = data.readAllBytes();
            objects.put(key, bytes);
            return bytes.length;
        }

        @Override
        public InputStream get(String key) throws IOException {
            byte[] bytes = objects.get(ObjectStore.checkKey(key));
            if (bytes == null) {
                throw new NoSuchObjectException(key);
            }
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public Optional<Long> size(String key) {
            return Optional.ofNullable(objects.get(ObjectStore.checkKey(key))).map(bytes -> (long) bytes.length);
        }

        @Override
        public void delete(String key) {
            objects.remove(ObjectStore.checkKey(key));
        }

        @Override
        public List<String> list(String prefix) {
            return objects.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
        }
    }

    /** Passes through, counting puts: proves which rotations write data and which only keys. */
    static final class CountingStore implements ObjectStore {
        private final ObjectStore inner;
        final AtomicInteger puts = new AtomicInteger();

        CountingStore(ObjectStore inner) {
            this.inner = inner;
        }

        @Override
        public long put(String key, InputStream data) throws IOException {
            puts.incrementAndGet();
            return inner.put(key, data);
        }

        @Override
        public InputStream get(String key) throws IOException {
            return inner.get(key);
        }

        @Override
        public Optional<Long> size(String key) throws IOException {
            return inner.size(key);
        }

        @Override
        public void delete(String key) throws IOException {
            inner.delete(key);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return inner.list(prefix);
        }
    }
}
