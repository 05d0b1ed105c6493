package org.cityhealth.hub.store;

/**
 * A read needs records that are being recalled from cold storage and the recall took longer than the synchronous
 * budget: the caller answers "recalling, retry shortly" (FHIR: 503 with Retry-After and an OperationOutcome).
 */
public class RecallPendingException extends RuntimeException {

    private final long personKey;
    private final int retryAfterSeconds;

    public RecallPendingException(long personKey, String progress, int retryAfterSeconds) {
        super("records of this person are being recalled from cold storage (" + progress + "); retry in " + retryAfterSeconds + " s");
        this.personKey = personKey;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long personKey() {
        return personKey;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
