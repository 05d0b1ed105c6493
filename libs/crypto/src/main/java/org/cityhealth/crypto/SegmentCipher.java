package org.cityhealth.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár, "Online Authenticated-Encryption and its
 * Nonce-Reuse Misuse-Resistance", 2015) over GCM, laid out as Tink's AES-GCM-HKDF streaming AEAD lays it out:
 * <ul>
 *   <li>a per-object key {@code HKDF(data key, salt, "cityhealth-object/v1")} (SHA-256 for AES, SM3 for SM4),
 *       so random nonces never meet the birthday bound of one data key used for millions of objects;</li>
 *   <li>segment {@code i}'s nonce is {@code prefix (7) | i (4, big-endian) | 1 if last segment else 0}: a
 *       segment moved to another position, or a stream cut at a segment boundary (its new last segment was
 *       sealed as not-last), or extended past its real last segment, fails to authenticate;</li>
 *   <li>every segment's associated data is the object header followed by the object key, so the header
 *       cannot be changed and an object cannot be copied to another key.</li>
 * </ul>
 */
final class SegmentCipher {

    static final int TAG_LENGTH = Aead.TAG_LENGTH;
    /** Segment indexes are four bytes in the nonce. */
    static final long MAX_SEGMENTS = 1L << 32;
    private static final byte[] KDF_INFO = "cityhealth-object/v1".getBytes(StandardCharsets.US_ASCII);

    private final boolean forEncryption;
    private final GCMModeCipher cipher;
    private final byte[] noncePrefix;
    private final byte[] associatedData;
    private byte[] key;

    SegmentCipher(boolean forEncryption, ObjectHeader header, String objectKey, byte[] dataKey) {
        this.forEncryption = forEncryption;
        this.cipher = header.algorithm().newCipher();
        this.noncePrefix = header.noncePrefix();
        // A reader re-encodes the header it parsed; that gives back the stored bytes, as every field has one encoding.
        byte[] headerBytes = header.encode();
        byte[] keyBytes = objectKey.getBytes(StandardCharsets.UTF_8);
        this.associatedData = ByteBuffer.allocate(headerBytes.length + keyBytes.length).put(headerBytes).put(keyBytes).array();
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(header.algorithm().newKdfDigest());
        hkdf.init(new HKDFParameters(dataKey, header.salt(), KDF_INFO));
        this.key = new byte[header.algorithm().keyLength];
        hkdf.generateBytes(key, 0, key.length);
    }

    /**
     * Seals or opens segment {@code index} from {@code in[0, length)} into {@code out}, returning the output
     * length. When opening, {@code out} holds plaintext only if this returns: GCM verifies the tag in
     * {@code doFinal}, and callers release nothing before.
     */
    int process(long index, boolean last, byte[] in, int length, byte[] out) throws InvalidCipherTextException {
        if (index < 0 || index >= MAX_SEGMENTS) {
            throw new IllegalStateException("segment index " + index + " does not fit the nonce");
        }
        byte[] nonce = ByteBuffer.allocate(Aead.NONCE_LENGTH).put(noncePrefix).putInt((int) index)
                .put((byte) (last ? 1 : 0)).array();
        // After the first segment BC keeps the key schedule; passing no key re-uses it with the new nonce.
        cipher.init(forEncryption, new AEADParameters(key == null ? null : new KeyParameter(key), TAG_LENGTH * 8, nonce,
                associatedData));
        if (key != null) {
            Arrays.fill(key, (byte) 0);
            key = null;
        }
        int n = cipher.processBytes(in, 0, length, out, 0);
        return n + cipher.doFinal(out, n);
    }
}
