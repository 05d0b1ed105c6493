package org.cityhealth.identity.linkage;

/** What linking decides for a record and a candidate person, from most to least certain of a match. */
public enum Outcome {
    /** The same person: link automatically. */
    LINK,
    /** Possibly the same person: a person must decide. */
    REVIEW,
    /** Different people. */
    DISTINCT
}
