package org.cityhealth.ledger;

/**
 * A Merkle inclusion or consistency proof did not verify, or its parameters are impossible
 * (index not in the tree, wrong number of proof elements, root mismatch, ...).
 *
 * <p>Checked on purpose: a caller that verifies proofs from an untrusted log must decide what
 * a failed proof means for it; it cannot be silently ignored.
 */
public final class ProofException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProofException(String message) {
        super(message);
    }
}
