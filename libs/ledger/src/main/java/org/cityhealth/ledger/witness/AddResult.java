package org.cityhealth.ledger.witness;

import java.util.List;

/** What a witness answered to an add-checkpoint request, as seen by {@link WitnessClient}. */
public sealed interface AddResult {

    /**
     * The witness cosigned. The lines are syntactically valid note signature lines (without
     * newline) but NOT verified: merge them with {@code Note.addSignatures} and check them with
     * {@code Note.open} and the witness's {@code NoteKeys.cosignatureVerifier}.
     */
    record Cosigned(List<String> signatureLines) implements AddResult {
        public Cosigned {
            signatureLines = List.copyOf(signatureLines);
        }
    }

    /** 409 with the size the witness last cosigned: prove consistency from that size and retry. */
    record Conflict(long witnessSize) implements AddResult {}

    /**
     * Any other answer, e.g. 403 (not signed by a key the witness trusts), 409 without a size
     * (same size, other root: a fork), 422 (proof does not verify), or a malformed 200.
     *
     * @param message the witness's explanation, shortened and stripped of control characters
     */
    record Refused(int status, String message) implements AddResult {}

    /** No HTTP answer: connection refused, timeout, interrupted, ... */
    record Unreachable(String reason) implements AddResult {}
}
