package org.cityhealth.hub.access;

/**
 * Why a record is read, as HL7 v3 PurposeOfUse codes (the vocabulary of FHIR security labels and IHE BPPC), so that
 * the ledger and Consent resources speak the same language as other systems.
 */
public enum Purpose {
    /** Treatment by a clinician with consent, in-visit authorisation or own hospital's data. */
    TREAT("treatment"),
    /** Emergency treatment: break-the-glass. */
    ETREAT("emergency treatment"),
    /** The citizen reads their own record. */
    PATRQT("patient request"),
    /** Hub operations (support, data quality). */
    HOPERAT("healthcare operations"),
    /** Review of accesses by a privacy officer or auditor. */
    HPRGRP("privacy review");

    private final String description;

    Purpose(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The HL7 code system of these codes. */
    public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
}
