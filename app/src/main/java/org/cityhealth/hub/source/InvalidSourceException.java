package org.cityhealth.hub.source;

/** A registration request that cannot be accepted, with the reason in words a person can act on. */
public class InvalidSourceException extends RuntimeException {
    public InvalidSourceException(String message) {
        super(message);
    }
}
