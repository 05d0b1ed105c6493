package org.cityhealth.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Key encodings against published keys, and the rejection of every mangled key. */
class NoteKeysTest {

    // golang.org/x/mod sumdb/note/note_test.go (TestNewVerifier, TestNewSigner, TestOpen).
    static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

    @Test
    void goReferenceKeyPairLoads() {
        NoteVerifier verifier = NoteKeys.verifier(PETER_VKEY);
        NoteSigner signer = NoteKeys.signer(PETER_SKEY);

        assertThat(verifier.name()).isEqualTo("PeterNeumann");
        assertThat(verifier.keyHash()).isEqualTo(0xc74f20a3L);
        assertThat(signer.name()).isEqualTo("PeterNeumann");
        assertThat(signer.keyHash()).isEqualTo(0xc74f20a3L);
        assertThat(NoteKeys.verifierKeyOf(PETER_SKEY)).isEqualTo(PETER_VKEY);
        assertThat(NoteKeys.verifier(ENOCH_VKEY).keyHash()).isEqualTo(0xaf0cfe78L);

        byte[] message = "hi".getBytes(StandardCharsets.UTF_8);
        byte[] signature = signer.sign(message);
        assertThat(verifier.verify(message, signature)).isTrue();
        signature[0]++;
        assertThat(verifier.verify(message, signature)).isFalse();
    }

    // google/trillian-examples formats/log/checkpoint_test.go: signer and verifier keys made
    // by Go's note.GenerateKey; the verifier key we derive must be the published one.
    @ParameterizedTest
    @CsvSource({
        "PRIVATE+KEY+Log+2271c621+AdEIq9FLRQni54Wg68T96VJO+iayOaulswav2DUMKgvQ, Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs",
        "PRIVATE+KEY+Known+451c786d+AQPRoE2+Z+Ed1HaHBA9F/FfracvcZ2rDU39kCecMEoci, Known+451c786d+AXAQ0T7lbwuY4ABJ9/MYY9bWV3hmSyOGVt2x42NkmdUH",
        "PRIVATE+KEY+KnownAgain+4893b26c+ARhZda/l25zjGZswYLDZsLNRzNpmv5wYTN9IoTr1OJ2+, KnownAgain+4893b26c+AQ+LR7BFF/F/dkpIBjBpSvT0crkteizuUkavAoGeaYMj",
        "PRIVATE+KEY+Unknown+fdbb2e08+Aav2knTC6orbhXX8pMWuNiWgO+Wwk2DB+h1eU2Q1W1nU, Unknown+fdbb2e08+AWgRIYZ+8x1Vl+1Q+sR8zciNHiYI1SdlBjNw+RV0rots",
    })
    void publishedGoKeyPairsMatch(String skey, String vkey) {
        assertThat(NoteKeys.verifierKeyOf(skey)).isEqualTo(vkey);
        NoteSigner signer = NoteKeys.signer(skey);
        NoteVerifier verifier = NoteKeys.verifier(vkey);
        byte[] message = "checkpoint\n".getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(message, signer.sign(message))).isTrue();
    }

    // Port of Go's TestNewVerifier: every proper substring and every single-byte increment
    // of the key must be rejected.
    @Test
    void everyMangledVerifierKeyIsRejected() {
        assertEveryManglingRejected(PETER_VKEY, NoteKeys::verifier);
        assertEveryManglingRejected(PETER_VKEY, NoteKeys::cosignatureVerifier);
        // Go's extra cases: wrong key length with adjusted key hash; unknown algorithm with
        // adjusted key hash.
        assertRejected("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==", NoteKeys::verifier);
        assertRejected("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", NoteKeys::verifier);
    }

    // Port of Go's TestNewSigner.
    @Test
    void everyMangledSignerKeyIsRejected() {
        assertEveryManglingRejected(PETER_SKEY, NoteKeys::signer);
        assertEveryManglingRejected(PETER_SKEY, NoteKeys::verifierKeyOf);
        assertEveryManglingRejected(PETER_SKEY, skey -> NoteKeys.cosigner(skey, Clock.systemUTC()));
    }

    @Test
    void errorMessagesNeverContainKeyMaterial() {
        String material = PETER_SKEY.split("\\+", 5)[4];
        byte[] b = PETER_SKEY.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i++) {
            b[i]++;
            String mangled = new String(b, StandardCharsets.US_ASCII);
            b[i]--;
            assertThatThrownBy(() -> NoteKeys.signer(mangled))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> {
                        for (int w = 0; w + 8 <= material.length(); w++) {
                            assertThat(e.getMessage()).doesNotContain(material.substring(w, w + 8));
                        }
                    });
        }
    }

    // transparency-dev/formats note/note_cosigv1_test.go (TestCoSigV1NewVerifier): an
    // ordinary Ed25519 vkey and a native 0x04 cosignature vkey both load as cosignature
    // verifiers; malformed ones do not.
    @Test
    void publishedCosignatureVerifierKeys() {
        String ordinary = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6";
        String native04 = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";

        NoteVerifier fromOrdinary = NoteKeys.cosignatureVerifier(ordinary);
        byte[] material = Base64.getDecoder().decode("AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6");
        material[0] = 0x04; // same public key, cosignature type
        assertThat(fromOrdinary.name()).isEqualTo("TEST");
        assertThat(fromOrdinary.keyHash()).isEqualTo(keyId("TEST", material));
        assertThat(NoteKeys.verifier(ordinary).keyHash()).isEqualTo(0x7997405cL);

        String converted = NoteKeys.cosignatureVerifierKey(ordinary);
        assertThat(converted).startsWith(String.format("TEST+%08x+B", fromOrdinary.keyHash()));
        assertThat(NoteKeys.verifier(converted).keyHash()).isEqualTo(fromOrdinary.keyHash());
        assertThat(NoteKeys.cosignatureVerifierKey(converted)).isEqualTo(converted);

        assertThat(NoteKeys.cosignatureVerifier(native04).keyHash()).isEqualTo(0xda77ade7L);
        assertThat(NoteKeys.verifier(native04).keyHash()).isEqualTo(0xda77ade7L);

        for (String bad : new String[] {
            "bananas.sigstore.dev+12344556",
            "rekor.sigstore.dev+12345678+THIS_IS_NOT_BASE64!",
            "rekor.sigstore.dev+12345678+AwEB",
            "rekor.sigstore.dev+NOT_A_NUMBER+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6",
        }) {
            assertRejected(bad, NoteKeys::cosignatureVerifier);
            assertRejected(bad, NoteKeys::verifier);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void generatedKeysRoundTripThroughTheirEncodings(KeyType type) {
        NoteKeyPair pair = NoteKeys.generate("hub.example.cn/ledger", type);

        assertThat(pair.signerKey()).startsWith("PRIVATE+KEY+hub.example.cn/ledger+");
        assertThat(NoteKeys.verifierKeyOf(pair.signerKey())).isEqualTo(pair.verifierKey());
        assertThat(pair.toString()).doesNotContain(pair.signerKey()).contains(pair.verifierKey());

        NoteSigner signer = NoteKeys.signer(pair.signerKey());
        NoteVerifier verifier = NoteKeys.verifier(pair.verifierKey());
        assertThat(signer.name()).isEqualTo(verifier.name()).isEqualTo("hub.example.cn/ledger");
        assertThat(signer.keyHash()).isEqualTo(verifier.keyHash());

        byte[] material = Base64.getDecoder().decode(pair.verifierKey().split("\\+", 3)[2]);
        int typeLength = type == KeyType.ED25519 ? 1 : 1 + NoteAlgorithm.SM2_IDENTIFIER.length();
        assertThat(verifier.keyHash())
                .isEqualTo(keyId("hub.example.cn/ledger", material))
                .isEqualTo(Long.parseLong(pair.verifierKey().split("\\+", 3)[1], 16));
        if (type == KeyType.SM2) {
            assertThat(material[0]).isEqualTo((byte) 0xff);
            assertThat(new String(material, 1, typeLength - 1, StandardCharsets.US_ASCII))
                    .isEqualTo("org.cityhealth.sm2-sm3.v1");
            assertThat(material.length - typeLength).isEqualTo(65);
            assertThat(material[typeLength]).isEqualTo((byte) 0x04);
        } else {
            assertThat(material).hasSize(33).startsWith((byte) 0x01);
        }

        byte[] message = "hi\n".getBytes(StandardCharsets.UTF_8);
        byte[] signature = signer.sign(message);
        assertThat(verifier.verify(message, signature)).isTrue();
        signature[signature.length - 1] ^= 1;
        assertThat(verifier.verify(message, signature)).isFalse();
        signature[signature.length - 1] ^= 1;
        message[0]++;
        assertThat(verifier.verify(message, signature)).isFalse();
    }

    @Test
    void sm2KeysAreNotWitnessKeys() {
        NoteKeyPair sm2 = NoteKeys.generate("hospital.example.cn/w", KeyType.SM2);
        assertThatThrownBy(() -> NoteKeys.cosigner(sm2.signerKey(), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ed25519");
        assertThatThrownBy(() -> NoteKeys.cosignatureVerifier(sm2.verifierKey()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ed25519");
    }

    @Test
    void mangledSm2KeysAreRejected() {
        NoteKeyPair sm2 = NoteKeys.generate("sm2.example", KeyType.SM2);
        byte[] v = sm2.verifierKey().getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < v.length; i++) {
            v[i]++;
            assertRejected(new String(v, StandardCharsets.US_ASCII), NoteKeys::verifier);
            v[i]--;
        }
        byte[] s = sm2.signerKey().getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < s.length; i++) {
            s[i]++;
            assertRejected(new String(s, StandardCharsets.US_ASCII), NoteKeys::signer);
            s[i]--;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "a+b", "no\u00a0break", "tab\tbed", "line\nbreak", "ideographic\u3000space"})
    void invalidKeyNamesAreRejected(String name) {
        assertThatThrownBy(() -> NoteKeys.generate(name, KeyType.ED25519))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unicodeKeyNamesWithoutSpacesAreAllowed() {
        NoteKeyPair pair = NoteKeys.generate("医院.example.cn/见证", KeyType.ED25519);
        assertThat(NoteKeys.verifier(pair.verifierKey()).name()).isEqualTo("医院.example.cn/见证");
    }

    /** SHA-256(name || "\n" || type || public key)[:4], computed independently of the codec. */
    static long keyId(String name, byte[] typeAndKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            byte[] d = sha.digest(typeAndKey);
            return ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertEveryManglingRejected(String key, Function<String, ?> load) {
        byte[] b = key.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i <= b.length; i++) {
            for (int j = i + 1; j <= b.length; j++) {
                if (i != 0 || j != b.length) {
                    assertRejected(key.substring(i, j), load);
                }
            }
        }
        for (int i = 0; i < b.length; i++) {
            b[i]++;
            assertRejected(new String(b, StandardCharsets.US_ASCII), load);
            b[i]--;
        }
    }

    private static void assertRejected(String key, Function<String, ?> load) {
        assertThatThrownBy(() -> load.apply(key))
                .as("key %s", key)
                .isInstanceOf(IllegalArgumentException.class);
    }
}
