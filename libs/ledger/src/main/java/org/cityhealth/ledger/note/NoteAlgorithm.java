package org.cityhealth.ledger.note;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Signature types by the identifier that starts the key material of an encoded key and
 * enters the key ID hash.
 */
enum NoteAlgorithm {

    /** c2sp.org/signed-note type 0x01: Ed25519 over the note text. */
    ED25519(new byte[] {0x01}, 32, 32),

    /** c2sp.org/tlog-cosignature type 0x04: timestamped Ed25519 witness cosignatures. */
    COSIGNATURE_V1(new byte[] {0x04}, 32, 32),

    /**
     * SM2 with SM3, not assigned by C2SP. The signed-note spec reserves type 0xff for such
     * types and recommends following it with a longer identifier unlikely to collide, so the
     * type is 0xff followed by the ASCII bytes {@value #SM2_IDENTIFIER}. Public keys are the
     * 65-byte uncompressed point, private keys the 32-byte scalar, signatures the 64-byte
     * r || s (fixed length, so there is no DER encoding to be lenient about).
     */
    SM2(sm2TypeId(), 65, 32);

    static final String SM2_IDENTIFIER = "org.cityhealth.sm2-sm3.v1";

    private final byte[] typeId;
    final int publicKeyLength;
    final int privateKeyLength;

    NoteAlgorithm(byte[] typeId, int publicKeyLength, int privateKeyLength) {
        this.typeId = typeId;
        this.publicKeyLength = publicKeyLength;
        this.privateKeyLength = privateKeyLength;
    }

    byte[] typeId() {
        return typeId.clone();
    }

    /** The algorithm whose identifier starts {@code material}, or {@code null}. */
    static NoteAlgorithm identify(byte[] material) {
        for (NoteAlgorithm algorithm : values()) {
            byte[] id = algorithm.typeId;
            if (material.length >= id.length && Arrays.equals(material, 0, id.length, id, 0, id.length)) {
                return algorithm;
            }
        }
        return null;
    }

    private static byte[] sm2TypeId() {
        return NoteSyntax.concat(new byte[] {(byte) 0xff}, SM2_IDENTIFIER.getBytes(StandardCharsets.US_ASCII));
    }
}
