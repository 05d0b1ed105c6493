package org.cityhealth.ledger.note;

/** The signature algorithms {@link NoteKeys#generate} can create keys for. */
public enum KeyType {

    /** Ed25519 (RFC 8032), signed-note signature type 0x01; what every C2SP client verifies. */
    ED25519,

    /**
     * SM2 (GB/T 32918) with the SM3 digest and the default user ID {@code 1234567812345678},
     * for deployments that must use Chinese national algorithms. Not a C2SP type: it uses the
     * signed-note extension byte 0xff (see {@link NoteKeys}), so only this library verifies it.
     */
    SM2
}
