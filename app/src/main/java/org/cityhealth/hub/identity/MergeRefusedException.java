package org.cityhealth.hub.identity;

/** A merge, unmerge or review decision that would break an invariant of the person index (409). */
public class MergeRefusedException extends RuntimeException {
    public MergeRefusedException(String message) {
        super(message);
    }
}
