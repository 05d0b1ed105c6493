package org.cityhealth.hub.identity;

/** Why a patient was linked to its person. */
public enum LinkRule {
    /** The same verified resident ID. */
    RESIDENT_ID,
    /** No usable resident ID: the source's own patient id is the person. */
    SOURCE_PATIENT
}
