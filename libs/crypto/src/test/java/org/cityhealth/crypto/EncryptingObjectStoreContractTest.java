package org.cityhealth.crypto;

import java.io.IOException;
import java.nio.file.Path;
import org.cityhealth.store.ObjectStore;
import org.cityhealth.store.ObjectStoreContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The decorator is an {@link ObjectStore} like any driver: the shared contract, for both algorithms. */
class EncryptingObjectStoreContractTest {

    @Nested
    class Aes256Gcm extends ObjectStoreContract {
        @TempDir
        Path dir;

        @Override
        protected ObjectStore store() throws IOException {
            return Fixtures.stack(dir, Algorithm.AES_256_GCM, EncryptingObjectStore.DEFAULT_SEGMENT_SIZE).encrypted();
        }
    }

    @Nested
    class Sm4Gcm extends ObjectStoreContract {
        @TempDir
        Path dir;

        @Override
        protected ObjectStore store() throws IOException {
            return Fixtures.stack(dir, Algorithm.SM4_GCM, EncryptingObjectStore.DEFAULT_SEGMENT_SIZE).encrypted();
        }
    }
}
