package org.cityhealth.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Published test vectors for every primitive: GCM through {@link Aead} and {@link Algorithm#newCipher()}, the
 * key-derivation hashes through {@link Algorithm#newKdfDigest()}, the SM4 block cipher through BC's engine.
 */
class KnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();

    /** GB/T 32907-2016 Appendix A, example 1: one block. */
    @Test
    void sm4BlockExample1() {
        byte[] block = HEX.parseHex("0123456789abcdeffedcba9876543210");
        SM4Engine engine = new SM4Engine();
        engine.init(true, new KeyParameter(HEX.parseHex("0123456789abcdeffedcba9876543210")));
        byte[] out = new byte[16];
        engine.processBlock(block, 0, out, 0);
        assertThat(HEX.formatHex(out)).isEqualTo("681edf34d206965e86b3e94f536e4246");
    }

    /** GB/T 32907-2016 Appendix A, example 2: the same block encrypted 1,000,000 times. */
    @Test
    void sm4BlockExample2() {
        byte[] block = HEX.parseHex("0123456789abcdeffedcba9876543210");
        SM4Engine engine = new SM4Engine();
        engine.init(true, new KeyParameter(HEX.parseHex("0123456789abcdeffedcba9876543210")));
        for (int i = 0; i < 1_000_000; i++) {
            engine.processBlock(block, 0, block, 0);
        }
        assertThat(HEX.formatHex(block)).isEqualTo("595298c7c6fd271f0402f804c33d3f66");
    }

    /** RFC 8998 Appendix A.1, SM4-GCM. */
    @Test
    void sm4GcmRfc8998() throws InvalidCipherTextException {
        checkGcm(Algorithm.SM4_GCM,
                "0123456789abcdeffedcba9876543210",
                "00001234567800000000abcd",
                "feedfacedeadbeeffeedfacedeadbeefabaddad2",
                "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
                        + "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa",
                "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
                        + "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d",
                "83de3541e4c2b58177e065a9bf7b62ec");
    }

    /**
     * McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, test cases 13–18 (256-bit
     * keys; cases 17 and 18 use 8- and 60-byte IVs, which GCM hashes, so they cover that path too).
     */
    @ParameterizedTest(name = "test case {0}")
    @CsvSource({
        "13, 0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000, '', '', '',"
                + " 530f8afbc74536b9a963b4f1c4cb738b",
        "14, 0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000, '',"
                + " 00000000000000000000000000000000, cea7403d4d606b6e074ec5d3baf39d18, d0d1c8a799996bf0265b98b5d48ab919",
        "15, feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308, cafebabefacedbaddecaf888, '',"
                + " d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                + "b16aedf5aa0de657ba637b391aafd255,"
                + " 522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
                + "c5f61e6393ba7a0abcc9f662898015ad, b094dac5d93471bdec1a502270e3cc6c",
        "16, feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308, cafebabefacedbaddecaf888,"
                + " feedfacedeadbeeffeedfacedeadbeefabaddad2,"
                + " d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                + "b16aedf5aa0de657ba637b39,"
                + " 522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
                + "c5f61e6393ba7a0abcc9f662, 76fc6ece0f4e1768cddf8853bb2d551b",
        "17, feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308, cafebabefacedbad,"
                + " feedfacedeadbeeffeedfacedeadbeefabaddad2,"
                + " d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                + "b16aedf5aa0de657ba637b39,"
                + " c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0feb582d33934a4f0954cc2363bc73f78"
                + "62ac430e64abe499f47c9b1f, 3a337dbf46a792c45e454913fe2ea8f2",
        "18, feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308,"
                + " 9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b5254"
                + "16aedbf5a0de6a57a637b39b,"
                + " feedfacedeadbeeffeedfacedeadbeefabaddad2,"
                + " d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                + "b16aedf5aa0de657ba637b39,"
                + " 5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf40fc0c3b780f244452da3ebf1c5d82cde"
                + "a2418997200ef82e44ae7e3f, a44a8266ee1c8eb0c8b5d4cf5ae9f19a",
    })
    void aes256GcmMcGrewViega(int testCase, String key, String iv, String aad, String plaintext, String ciphertext,
                              String tag) throws InvalidCipherTextException {
        checkGcm(Algorithm.AES_256_GCM, key, iv, aad, plaintext, ciphertext, tag);
    }

    /** RFC 5869 Appendix A.1: HKDF-SHA-256, the per-object key derivation of AES_256_GCM. */
    @Test
    void hkdfSha256Rfc5869() {
        assertThat(hkdf(Algorithm.AES_256_GCM.newKdfDigest(), "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
                "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    /** GB/T 32905-2016 Appendix A, example 1: SM3("abc"), the hash under SM4_GCM's key derivation. */
    @Test
    void sm3Example1() {
        Digest sm3 = Algorithm.SM4_GCM.newKdfDigest();
        sm3.update("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
        byte[] out = new byte[32];
        sm3.doFinal(out, 0);
        assertThat(HEX.formatHex(out)).isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    private static void checkGcm(Algorithm algorithm, String key, String iv, String aad, String plaintext,
                                 String ciphertext, String tag) throws InvalidCipherTextException {
        byte[] k = HEX.parseHex(key);
        byte[] n = HEX.parseHex(iv);
        byte[] a = HEX.parseHex(aad);
        byte[] sealed = Aead.seal(algorithm, k, n, a, HEX.parseHex(plaintext));
        assertThat(HEX.formatHex(sealed)).isEqualTo(ciphertext + tag);
        assertThat(HEX.formatHex(Aead.open(algorithm, k, n, a, sealed))).isEqualTo(plaintext);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThatThrownBy(() -> Aead.open(algorithm, k, n, a, altered)).isInstanceOf(InvalidCipherTextException.class);
        }
    }

    private static String hkdf(Digest digest, String ikm, String salt, String info, int length) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(digest);
        generator.init(new HKDFParameters(HEX.parseHex(ikm), HEX.parseHex(salt), HEX.parseHex(info)));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return HEX.formatHex(out);
    }
}
