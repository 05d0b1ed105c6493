package org.cityhealth.hub.identity;

/** A person key or patient the index does not know (404). */
public class PersonNotFoundException extends RuntimeException {
    public PersonNotFoundException(Object what) {
        super("no person " + what);
    }
}
