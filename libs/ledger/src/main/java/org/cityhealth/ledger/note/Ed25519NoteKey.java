package org.cityhealth.ledger.note;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 over a message, with Bouncy Castle's lightweight API on raw 32-byte keys (the JDK's
 * provider has no direct way in from a raw public key).
 */
final class Ed25519NoteKey {

    static final int SIGNATURE_LENGTH = 64;

    private Ed25519NoteKey() {}

    /** A new random 32-byte private key (the RFC 8032 seed). */
    static byte[] generateSeed(SecureRandom random) {
        return new Ed25519PrivateKeyParameters(random).getEncoded();
    }

    static Ed25519PrivateKeyParameters privateKey(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed, 0);
    }

    static byte[] publicKey(Ed25519PrivateKeyParameters key) {
        return key.generatePublicKey().getEncoded();
    }

    /** @throws IllegalArgumentException if the 32 bytes are not an Ed25519 point */
    static Ed25519PublicKeyParameters publicKey(byte[] encoded, String name) {
        try {
            return new Ed25519PublicKeyParameters(encoded, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("verifier key for " + name + " is not a valid Ed25519 public key");
        }
    }

    static byte[] sign(Ed25519PrivateKeyParameters key, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    static boolean verify(Ed25519PublicKeyParameters key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** Signature type 0x01: plain Ed25519 over the note text. */
    record Signer(String name, long keyHash, Ed25519PrivateKeyParameters key) implements NoteSigner {

        @Override
        public byte[] sign(byte[] message) {
            return Ed25519NoteKey.sign(key, message);
        }

        @Override
        public String toString() {
            return String.format("Ed25519 signer %s+%08x", name, keyHash);
        }
    }

    /** Signature type 0x01 verification. */
    record Verifier(String name, long keyHash, Ed25519PublicKeyParameters key) implements NoteVerifier {

        @Override
        public boolean verify(byte[] message, byte[] signature) {
            return Ed25519NoteKey.verify(key, message, signature);
        }

        @Override
        public String toString() {
            return String.format("Ed25519 verifier %s+%08x", name, keyHash);
        }
    }
}
