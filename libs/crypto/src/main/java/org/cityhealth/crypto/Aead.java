package org.cityhealth.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** One-shot GCM for small values (wrapped keys, the keystore body); streams use {@link SegmentCipher}. */
final class Aead {

    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private Aead() {}

    /** Returns ciphertext followed by the 16-byte tag. */
    static byte[] seal(Algorithm algorithm, byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        GCMModeCipher cipher = algorithm.newCipher();
        cipher.init(true, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
        byte[] out = new byte[cipher.getOutputSize(plaintext.length)];
        int n = cipher.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM encryption cannot fail", e);
        }
        return out;
    }

    /** Inverse of {@link #seal}; throws when the tag does not verify, and then returns no plaintext at all. */
    static byte[] open(Algorithm algorithm, byte[] key, byte[] nonce, byte[] aad, byte[] sealed)
            throws InvalidCipherTextException {
        GCMModeCipher cipher = algorithm.newCipher();
        cipher.init(false, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
        byte[] out = new byte[cipher.getOutputSize(sealed.length)];
        int n = cipher.processBytes(sealed, 0, sealed.length, out, 0);
        cipher.doFinal(out, n);
        return out;
    }
}
