package org.cityhealth.ledger.note;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

/**
 * Creates, encodes and loads note keys.
 *
 * <p>Encodings (those of Go's {@code golang.org/x/mod/sumdb/note}, which C2SP tools share):
 * verifier key {@code <name>+<key ID hex>+<base64(type || public key)>}, signer key
 * {@code PRIVATE+KEY+<name>+<key ID hex>+<base64(type || private key)>}, key ID =
 * SHA-256(name || "\n" || type || public key)[:4]. Types understood:
 * <ul>
 *   <li>0x01, Ed25519 (c2sp.org/signed-note): 32-byte public key, 32-byte seed.</li>
 *   <li>0x04, Ed25519 witness cosignatures (c2sp.org/tlog-cosignature).</li>
 *   <li>0xff followed by ASCII {@code org.cityhealth.sm2-sm3.v1}: SM2 with SM3 and user ID
 *       {@code 1234567812345678}. C2SP assigns no byte to SM2, and its signed-note spec
 *       reserves 0xff, followed by a longer identifier, for exactly such types. Public key:
 *       65-byte uncompressed point; private key: 32-byte scalar; signature: 64-byte r || s.</li>
 * </ul>
 *
 * <p>A witness has one Ed25519 key. Its ordinary (0x01) verifier key is what it publishes;
 * {@link #cosignatureVerifier} turns that into the verifier of its cosignatures, whose key ID
 * tlog-cosignature computes with type 0x04. Malformed keys raise
 * {@link IllegalArgumentException} whose message never contains key material.
 */
public final class NoteKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private NoteKeys() {}

    /**
     * Generates a new key.
     *
     * @param name the key name, e.g. the log origin {@code "hub.example.cn/ledger"}; non-empty,
     *     without spaces or plus signs
     * @throws IllegalArgumentException if the name is invalid
     */
    public static NoteKeyPair generate(String name, KeyType type) {
        requireName(name);
        Objects.requireNonNull(type, "type is null");
        return switch (type) {
            case ED25519 -> {
                byte[] seed = Ed25519NoteKey.generateSeed(RANDOM);
                byte[] pub = Ed25519NoteKey.publicKey(Ed25519NoteKey.privateKey(seed));
                yield pair(name, NoteAlgorithm.ED25519, pub, seed);
            }
            case SM2 -> {
                byte[][] keys = Sm2NoteKey.generate(RANDOM);
                yield pair(name, NoteAlgorithm.SM2, keys[1], keys[0]);
            }
        };
    }

    /**
     * Loads a signer key (Ed25519 or SM2).
     *
     * @throws IllegalArgumentException if the key is malformed, its key ID does not match, or
     *     it is a cosignature (0x04) key, which needs a clock: use {@link #cosigner}
     */
    public static NoteSigner signer(String signerKey) {
        NoteKeyCodec.Decoded key = NoteKeyCodec.decodeSignerKey(signerKey);
        return switch (key.algorithm()) {
            case ED25519 -> {
                Ed25519PrivateKeyParameters priv = Ed25519NoteKey.privateKey(key.key());
                NoteKeyCodec.requireKeyHash(key, Ed25519NoteKey.publicKey(priv));
                yield new Ed25519NoteKey.Signer(key.name(), key.keyHash(), priv);
            }
            case SM2 -> {
                ECPrivateKeyParameters priv = Sm2NoteKey.privateKey(key.key(), key.name());
                NoteKeyCodec.requireKeyHash(key, Sm2NoteKey.publicKey(priv));
                yield new Sm2NoteKey.Signer(key.name(), key.keyHash(), priv, RANDOM);
            }
            case COSIGNATURE_V1 -> throw new IllegalArgumentException(
                    "signer key for " + key.name() + " is a cosignature key; load it with NoteKeys.cosigner");
        };
    }

    /**
     * Loads a verifier key of any supported type; a 0x04 key verifies cosignatures.
     *
     * @throws IllegalArgumentException if the key is malformed, of an unknown type, or its key
     *     ID does not match
     */
    public static NoteVerifier verifier(String verifierKey) {
        NoteKeyCodec.Decoded key = NoteKeyCodec.decodeVerifierKey(verifierKey);
        return switch (key.algorithm()) {
            case ED25519 -> new Ed25519NoteKey.Verifier(
                    key.name(), key.keyHash(), Ed25519NoteKey.publicKey(key.key(), key.name()));
            case COSIGNATURE_V1 -> new CosignatureV1.Verifier(
                    key.name(), key.keyHash(), Ed25519NoteKey.publicKey(key.key(), key.name()));
            case SM2 -> new Sm2NoteKey.Verifier(
                    key.name(), key.keyHash(), Sm2NoteKey.publicKey(key.key(), key.name()));
        };
    }

    /**
     * Loads a witness's Ed25519 key as a tlog-cosignature/v1 cosigner: signature type 0x04,
     * key ID computed with 0x04, signatures {@code timestamp || Ed25519} over
     * {@code "cosignature/v1\ntime <timestamp>\n" || checkpoint}. It refuses to sign text that is
     * not a checkpoint.
     *
     * @param signerKey an Ed25519 signer key (type 0x01 as {@link #generate} makes, or 0x04)
     * @param clock gives the cosignature timestamps (whole seconds)
     * @throws IllegalArgumentException if the key is malformed or not Ed25519
     */
    public static NoteSigner cosigner(String signerKey, Clock clock) {
        Objects.requireNonNull(clock, "clock is null");
        NoteKeyCodec.Decoded key = NoteKeyCodec.decodeSignerKey(signerKey);
        if (key.algorithm() == NoteAlgorithm.SM2) {
            throw new IllegalArgumentException("tlog-cosignature defines no SM2 cosignatures; the witness key "
                    + key.name() + " must be Ed25519");
        }
        Ed25519PrivateKeyParameters priv = Ed25519NoteKey.privateKey(key.key());
        byte[] pub = Ed25519NoteKey.publicKey(priv);
        NoteKeyCodec.requireKeyHash(key, pub);
        return new CosignatureV1.Signer(
                key.name(), NoteKeyCodec.keyHash(key.name(), NoteAlgorithm.COSIGNATURE_V1, pub), priv, clock);
    }

    /**
     * Loads the verifier of a witness's cosignatures from the witness's published key, either
     * its ordinary Ed25519 (0x01) verifier key or a 0x04 one.
     *
     * @throws IllegalArgumentException if the key is malformed or not Ed25519
     */
    public static NoteVerifier cosignatureVerifier(String verifierKey) {
        NoteKeyCodec.Decoded key = NoteKeyCodec.decodeVerifierKey(verifierKey);
        if (key.algorithm() == NoteAlgorithm.SM2) {
            throw new IllegalArgumentException("tlog-cosignature defines no SM2 cosignatures; the witness key "
                    + key.name() + " must be Ed25519");
        }
        return new CosignatureV1.Verifier(key.name(),
                NoteKeyCodec.keyHash(key.name(), NoteAlgorithm.COSIGNATURE_V1, key.key()),
                Ed25519NoteKey.publicKey(key.key(), key.name()));
    }

    /**
     * The 0x04 verifier key of a witness whose ordinary Ed25519 verifier key is given (a 0x04
     * key is returned unchanged), for clients that expect cosigner keys in that form.
     *
     * @throws IllegalArgumentException if the key is malformed or not Ed25519
     */
    public static String cosignatureVerifierKey(String verifierKey) {
        NoteKeyCodec.Decoded key = NoteKeyCodec.decodeVerifierKey(verifierKey);
        if (key.algorithm() == NoteAlgorithm.SM2) {
            throw new IllegalArgumentException("the witness key " + key.name() + " must be Ed25519");
        }
        Ed25519NoteKey.publicKey(key.key(), key.name()); // rejects bytes that are no Ed25519 point
        return NoteKeyCodec.verifierKey(key.name(), NoteAlgorithm.COSIGNATURE_V1, key.key());
    }

    /**
     * The verifier key that belongs to {@code signerKey}, of the same type.
     *
     * @throws IllegalArgumentException if the signer key is malformed or its key ID does not match
     */
    public static String verifierKeyOf(String signerKey) {
        NoteKeyCodec.Decoded key = NoteKeyCodec.decodeSignerKey(signerKey);
        byte[] pub = switch (key.algorithm()) {
            case ED25519, COSIGNATURE_V1 -> Ed25519NoteKey.publicKey(Ed25519NoteKey.privateKey(key.key()));
            case SM2 -> Sm2NoteKey.publicKey(Sm2NoteKey.privateKey(key.key(), key.name()));
        };
        NoteKeyCodec.requireKeyHash(key, pub);
        return NoteKeyCodec.verifierKey(key.name(), key.algorithm(), pub);
    }

    private static NoteKeyPair pair(String name, NoteAlgorithm algorithm, byte[] pub, byte[] priv) {
        return new NoteKeyPair(NoteKeyCodec.signerKey(name, algorithm, pub, priv),
                NoteKeyCodec.verifierKey(name, algorithm, pub));
    }

    private static void requireName(String name) {
        if (!NoteSyntax.isValidKeyName(name)) {
            throw new IllegalArgumentException(
                    "key name must be non-empty without spaces, plus signs or control characters");
        }
    }
}
