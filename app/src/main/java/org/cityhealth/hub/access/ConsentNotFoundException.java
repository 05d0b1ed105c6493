package org.cityhealth.hub.access;

/** A consent that does not exist, or is not the asking citizen's. */
public class ConsentNotFoundException extends RuntimeException {
    public ConsentNotFoundException(long id) {
        super("consent " + id + " is not known");
    }
}
