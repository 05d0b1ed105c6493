package org.cityhealth.ledger.note;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.SM2KeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 signatures (GB/T 32918.2) over curve sm2p256v1 with SM3 and the default user ID, on raw
 * keys via Bouncy Castle's lightweight API (no JCA provider registration needed).
 */
final class Sm2NoteKey {

    private static final X9ECParameters CURVE = GMNamedCurves.getByName("sm2p256v1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
    /** GM/T 0009's default signer ID; both sides must use the same one. */
    private static final byte[] USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    private static final int SIGNATURE_LENGTH = 64;

    private Sm2NoteKey() {}

    /** A new key pair as {private scalar (32 bytes), uncompressed public point (65 bytes)}. */
    static byte[][] generate(SecureRandom random) {
        SM2KeyPairGenerator generator = new SM2KeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(DOMAIN, random));
        var pair = generator.generateKeyPair();
        BigInteger d = ((ECPrivateKeyParameters) pair.getPrivate()).getD();
        byte[] q = ((ECPublicKeyParameters) pair.getPublic()).getQ().getEncoded(false);
        return new byte[][] {BigIntegers.asUnsignedByteArray(32, d), q};
    }

    /** @throws IllegalArgumentException if the scalar is not a valid SM2 private key */
    static ECPrivateKeyParameters privateKey(byte[] scalar, String name) {
        BigInteger d = new BigInteger(1, scalar);
        // SM2 signing divides by (1 + d), so d = n - 1 is excluded as well as 0 and >= n.
        if (d.signum() == 0 || d.compareTo(DOMAIN.getN().subtract(BigInteger.TWO)) > 0) {
            throw new IllegalArgumentException("signer key for " + name + " is not a valid SM2 private key");
        }
        return new ECPrivateKeyParameters(d, DOMAIN);
    }

    static byte[] publicKey(ECPrivateKeyParameters key) {
        return new FixedPointCombMultiplier().multiply(DOMAIN.getG(), key.getD()).normalize().getEncoded(false);
    }

    /** @throws IllegalArgumentException unless {@code encoded} is an uncompressed point on the curve */
    static ECPublicKeyParameters publicKey(byte[] encoded, String name) {
        try {
            if (encoded[0] != 0x04) {
                throw new IllegalArgumentException("compressed point");
            }
            ECPoint q = CURVE.getCurve().decodePoint(encoded);
            if (q.isInfinity() || !q.isValid()) {
                throw new IllegalArgumentException("invalid point");
            }
            return new ECPublicKeyParameters(q, DOMAIN);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "verifier key for " + name + " is not an uncompressed SM2 public key on sm2p256v1");
        }
    }

    record Signer(String name, long keyHash, ECPrivateKeyParameters key, SecureRandom random) implements NoteSigner {

        @Override
        public byte[] sign(byte[] message) {
            SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
            signer.init(true, new ParametersWithID(new ParametersWithRandom(key, random), USER_ID));
            signer.update(message, 0, message.length);
            try {
                return signer.generateSignature();
            } catch (CryptoException e) {
                throw new IllegalStateException("SM2 signing failed for key " + name, e);
            }
        }

        @Override
        public String toString() {
            return String.format("SM2 signer %s+%08x", name, keyHash);
        }
    }

    record Verifier(String name, long keyHash, ECPublicKeyParameters key) implements NoteVerifier {

        @Override
        public boolean verify(byte[] message, byte[] signature) {
            if (signature.length != SIGNATURE_LENGTH) {
                return false;
            }
            SM2Signer verifier = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
            verifier.init(false, new ParametersWithID(key, USER_ID));
            verifier.update(message, 0, message.length);
            try {
                return verifier.verifySignature(signature);
            } catch (RuntimeException e) {
                // r or s outside [1, n-1]: not a signature, and not an error of the caller.
                return false;
            }
        }

        @Override
        public String toString() {
            return String.format("SM2 verifier %s+%08x", name, keyHash);
        }
    }
}
