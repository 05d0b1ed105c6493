package org.cityhealth.ledger.note;

import java.util.List;

/**
 * A syntactically valid signed note whose signatures have NOT been verified: for tooling
 * and for routing (e.g. reading a checkpoint's origin to pick the keys). Never act on the
 * text before {@link Note#open} verified it.
 *
 * @param text the note text, ending in a newline, without the blank separator line
 * @param signatures every signature line in note order, duplicates included
 */
public record ParsedNote(String text, List<NoteSignature> signatures) {

    public ParsedNote {
        signatures = List.copyOf(signatures);
    }
}
