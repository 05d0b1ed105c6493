package org.cityhealth.ledger.note;

/**
 * A signed note, a signature line or a checkpoint is malformed, or a note does not carry a
 * valid signature from a trusted key.
 *
 * <p>Checked on purpose: notes come from other parties (logs, witnesses), and a caller must
 * decide what an unverifiable note means for it. The message says what is wrong and never
 * contains key material.
 */
public final class NoteException extends Exception {

    private static final long serialVersionUID = 1L;

    public NoteException(String message) {
        super(message);
    }
}
