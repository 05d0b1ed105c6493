package org.cityhealth.crypto;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;

/**
 * The authenticated ciphers this library writes: GCM with 12-byte nonces and 128-bit tags over AES-256 or
 * over SM4 (GB/T 32907-2016, 128-bit keys) for deployments that must use the Chinese commercial suite.
 * Each algorithm also names the hash its key derivations use, so an SM4 deployment stays SM-only (SM3).
 */
public enum Algorithm {
    AES_256_GCM(1, 32),
    SM4_GCM(2, 16);

    /** Identifier stored in object headers, data-key records and the keystore file; never reuse one. */
    final int id;
    /** Key length in bytes. */
    final int keyLength;

    Algorithm(int id, int keyLength) {
        this.id = id;
        this.keyLength = keyLength;
    }

    GCMModeCipher newCipher() {
        return switch (this) {
            case AES_256_GCM -> GCMBlockCipher.newInstance(AESEngine.newInstance());
            case SM4_GCM -> GCMBlockCipher.newInstance(new SM4Engine());
        };
    }

    Digest newKdfDigest() {
        return switch (this) {
            case AES_256_GCM -> SHA256Digest.newInstance();
            case SM4_GCM -> new SM3Digest();
        };
    }

    /** The algorithm stored as {@code id}, or null for an identifier this version does not know. */
    static Algorithm ofId(int id) {
        for (Algorithm algorithm : values()) {
            if (algorithm.id == id) {
                return algorithm;
            }
        }
        return null;
    }
}
