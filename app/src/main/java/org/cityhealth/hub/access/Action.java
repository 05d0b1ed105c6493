package org.cityhealth.hub.access;

import java.util.EnumSet;
import java.util.Set;

/** What a route does, as the policy decision point reasons about it; {@link Routes} maps every route to one. */
public enum Action {
    PUBLIC_ASSET(true),
    SIGN_IN(true),
    FHIR_METADATA(true),
    HEALTH_PROBE(true),
    TOKEN_DISCOVERY(true),
    LEDGER_FILES(false, Role.AUDITOR),
    SUBMIT(false, Role.SOURCE),
    INGEST_STATUS(false, Role.SOURCE, Role.OPERATOR),
    /** Clinical reads through FHIR: the person-level decision follows in the handler. */
    FHIR_READ(false, Role.OPERATOR, Role.DOCTOR, Role.EMERGENCY_DOCTOR, Role.CITIZEN),
    FHIR_IDENTITY(false, Role.OPERATOR),
    /** DICOMweb QIDO-RS and WADO-RS: clinical reads of images; the person-level decision follows in the handler. */
    DICOMWEB_READ(false, Role.OPERATOR, Role.DOCTOR, Role.EMERGENCY_DOCTOR),
    /**
     * C-FIND and C-MOVE on the DIMSE listener, where a PACS signs in by its calling AE title: no route, the listener asks
     * for it. The person-level decision follows in the handler (a source sees what it sent itself).
     */
    DIMSE_QUERY(false, Role.SOURCE),
    FHIR_SUMMARY(false, Role.DOCTOR, Role.EMERGENCY_DOCTOR, Role.CITIZEN),
    CONSENT_READ(false, Role.CITIZEN, Role.DOCTOR, Role.EMERGENCY_DOCTOR, Role.PRIVACY_OFFICER, Role.OPERATOR),
    CONSENT_WRITE(false, Role.CITIZEN),
    TOKEN_ISSUE(false, Role.OPERATOR, Role.DOCTOR, Role.EMERGENCY_DOCTOR, Role.CITIZEN, Role.PRIVACY_OFFICER, Role.RESEARCHER,
            Role.COMMITTEE, Role.AUDITOR, Role.PUBLIC_HEALTH, Role.CLINIC_STAFF),
    SIGN_OUT(false, Role.values()),
    CITIZEN_PORTAL(false, Role.CITIZEN),
    WORKSTATION(false, Role.DOCTOR, Role.EMERGENCY_DOCTOR),
    BREAK_GLASS(false, Role.EMERGENCY_DOCTOR),
    PRIVACY_REVIEW(false, Role.PRIVACY_OFFICER),
    AUDIT(false, Role.AUDITOR),
    OPERATIONS(false, Role.OPERATOR);

    private final boolean open;
    private final Set<Role> roles;

    Action(boolean open, Role... roles) {
        this.open = open;
        this.roles = roles.length == 0 ? Set.of() : Set.copyOf(EnumSet.of(roles[0], roles));
    }

    /** Needs no sign-in (assets, the sign-in page, discovery documents). */
    public boolean open() {
        return open;
    }

    public Set<Role> roles() {
        return roles;
    }

    /** Reads of clinical data about a person: the handler asks the person-level question and records the answer. */
    public boolean clinical() {
        return this == FHIR_READ || this == FHIR_SUMMARY || this == DICOMWEB_READ || this == DIMSE_QUERY || this == WORKSTATION
                || this == BREAK_GLASS || this == CITIZEN_PORTAL;
    }
}
