package org.cityhealth.hub.identity;

/** Why a patient is linked to its person. */
public enum LinkRule {
    /** The same verified resident ID. */
    RESIDENT_ID,
    /** The same passport, travel permit or insurance number. */
    OFFICIAL_ID,
    /** A Fellegi–Sunter weight above the link threshold. */
    PROBABILISTIC,
    /** No person matched: the patient is a person of its own (possibly awaiting review). */
    SOURCE_PATIENT,
    /** A reviewer, an operator's merge or unmerge, or a source's merge message decided. */
    DECIDED,
    /** The re-link job moved it. */
    RELINK
}
