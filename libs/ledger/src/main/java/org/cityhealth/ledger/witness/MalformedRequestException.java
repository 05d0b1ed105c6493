package org.cityhealth.ledger.witness;

/** An add-checkpoint request body does not have the shape c2sp.org/tlog-witness prescribes. */
final class MalformedRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedRequestException(String message) {
        super(message);
    }
}
