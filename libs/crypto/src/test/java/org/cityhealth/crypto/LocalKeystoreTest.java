package org.cityhealth.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.cityhealth.crypto.KeyProvider.WrappedKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeystoreTest {

    private static final byte[] CONTEXT = "hospital-a/0000002a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void isCreatedOnFirstUseReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("secrets/master.keystore");
        // The production cost, once, so that the default parameters are exercised too.
        LocalKeystore keystore = LocalKeystore.open(file, Fixtures.PASSPHRASE, Algorithm.AES_256_GCM);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(keystore.versions()).containsExactly(1);
        assertThat(keystore.currentVersion()).isEqualTo(1);
        assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString())).containsExactly("master.keystore");
    }

    @Test
    void reopenedKeystoreUnwrapsWhatItWrapped() throws IOException {
        WrappedKey wrapped = Fixtures.keystore(dir, Algorithm.SM4_GCM).wrap(DATA_KEY, CONTEXT);
        assertThat(Fixtures.keystore(dir, Algorithm.SM4_GCM).unwrap(wrapped, CONTEXT)).isEqualTo(DATA_KEY);
    }

    @Test
    void wrongPassphraseIsAClearError() throws IOException {
        Fixtures.keystore(dir, Algorithm.AES_256_GCM);
        assertThatThrownBy(() -> LocalKeystore.open(dir.resolve("master.keystore"), "correct horse battery stapler".toCharArray(),
                Algorithm.AES_256_GCM, Fixtures.CHEAP))
                .isInstanceOf(LocalKeystore.WrongPassphraseException.class)
                .hasMessageContaining("master.keystore").hasMessageContaining("wrong passphrase");
    }

    @Test
    void emptyPassphraseIsRefused() {
        assertThatThrownBy(() -> LocalKeystore.open(dir.resolve("k"), new char[0], Algorithm.AES_256_GCM))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAlteredFileDoesNotOpen() throws IOException {
        Fixtures.keystore(dir, Algorithm.AES_256_GCM);
        Path file = dir.resolve("master.keystore");
        byte[] original = Files.readAllBytes(file);
        for (int i = 0; i < original.length; i++) {
            byte[] altered = original.clone();
            altered[i] ^= 0x04;
            Files.write(file, altered);
            assertThatThrownBy(() -> Fixtures.keystore(dir, Algorithm.AES_256_GCM)).as("byte " + i).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aKeystoreOthersCanReadIsRefused() throws IOException {
        Fixtures.keystore(dir, Algorithm.AES_256_GCM);
        Files.setPosixFilePermissions(dir.resolve("master.keystore"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Fixtures.keystore(dir, Algorithm.AES_256_GCM))
                .isInstanceOf(IOException.class).hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600");
    }

    @Test
    void theWrapContextIsBound() throws IOException {
        LocalKeystore keystore = Fixtures.keystore(dir, Algorithm.AES_256_GCM);
        WrappedKey wrapped = keystore.wrap(DATA_KEY, CONTEXT);
        assertThatThrownBy(() -> keystore.unwrap(wrapped, "hospital-b/0000002a".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IOException.class).hasMessageContaining("does not authenticate");
        assertThatThrownBy(() -> keystore.unwrap(new WrappedKey(2, wrapped.ciphertext()), CONTEXT))
                .isInstanceOf(IOException.class).hasMessageContaining("version 2 is not in keystore");
    }

    @Test
    void rotationKeepsOldVersionsAndIsSeenByOtherInstances() throws IOException {
        LocalKeystore first = Fixtures.keystore(dir, Algorithm.AES_256_GCM);
        LocalKeystore second = Fixtures.keystore(dir, Algorithm.AES_256_GCM);
        WrappedKey underOne = first.wrap(DATA_KEY, CONTEXT);

        assertThat(first.rotate()).isEqualTo(2);
        WrappedKey underTwo = first.wrap(DATA_KEY, CONTEXT);
        assertThat(underTwo.masterVersion()).isEqualTo(2);

        // The second instance re-reads the file when it meets version 2, and rotates past it instead of over it.
        assertThat(second.unwrap(underTwo, CONTEXT)).isEqualTo(DATA_KEY);
        assertThat(second.rotate()).isEqualTo(3);
        LocalKeystore reopened = Fixtures.keystore(dir, Algorithm.AES_256_GCM);
        assertThat(reopened.versions()).containsExactly(1, 2, 3);
        assertThat(reopened.unwrap(underOne, CONTEXT)).isEqualTo(DATA_KEY);
        assertThat(reopened.unwrap(underTwo, CONTEXT)).isEqualTo(DATA_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("master.keystore"))))
                .isEqualTo("rw-------");
    }

    @Test
    void switchingAlgorithmAppliesToNewMasterVersions() throws IOException {
        WrappedKey underAes = Fixtures.keystore(dir, Algorithm.AES_256_GCM).wrap(DATA_KEY, CONTEXT);
        LocalKeystore sm4 = Fixtures.keystore(dir, Algorithm.SM4_GCM);
        sm4.rotate();
        WrappedKey underSm4 = sm4.wrap(DATA_KEY, CONTEXT);
        LocalKeystore reopened = Fixtures.keystore(dir, Algorithm.SM4_GCM);
        assertThat(reopened.unwrap(underAes, CONTEXT)).isEqualTo(DATA_KEY);
        assertThat(reopened.unwrap(underSm4, CONTEXT)).isEqualTo(DATA_KEY);
        // The file itself is now sealed with SM4: algorithm id 2 at offset 5.
        assertThat(Files.readAllBytes(dir.resolve("master.keystore"))[5]).isEqualTo((byte) 2);
    }

    @Test
    void neitherPassphraseNorKeysAppearInTheFile() throws IOException {
        LocalKeystore keystore = Fixtures.keystore(dir, Algorithm.AES_256_GCM);
        keystore.rotate();
        String file = new String(Files.readAllBytes(dir.resolve("master.keystore")), StandardCharsets.ISO_8859_1);
        assertThat(file).doesNotContain("correct horse");
    }
}
