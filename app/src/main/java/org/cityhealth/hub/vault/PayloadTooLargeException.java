package org.cityhealth.hub.vault;

/** The body exceeded the configured limit; nothing was stored. */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(long limit) {
        super("the submission exceeds the limit of " + limit + " bytes; nothing was stored");
    }
}
