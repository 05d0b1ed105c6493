/**
 * Signed notes (c2sp.org/signed-note), transparency log checkpoints (c2sp.org/tlog-checkpoint)
 * and Ed25519 witness cosignatures (c2sp.org/tlog-cosignature), compatible with Go's
 * {@code golang.org/x/mod/sumdb/note} key and note formats; plus SM2 signatures under the
 * signed-note extension type 0xff (see {@link org.cityhealth.ledger.note.NoteKeys}).
 *
 * <p>Entry points: {@link org.cityhealth.ledger.note.NoteKeys} to create and load keys,
 * {@link org.cityhealth.ledger.note.Note} to sign and open notes,
 * {@link org.cityhealth.ledger.note.Checkpoint} for the checkpoint text.
 */
package org.cityhealth.ledger.note;
