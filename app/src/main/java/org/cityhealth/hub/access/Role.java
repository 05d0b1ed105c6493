package org.cityhealth.hub.access;

/** Roles of the hub. Sources are senders, authenticated by bearer token; the others are people with accounts. */
public enum Role {
    OPERATOR, SOURCE, DOCTOR, EMERGENCY_DOCTOR, CITIZEN, PRIVACY_OFFICER, RESEARCHER, COMMITTEE, AUDITOR, PUBLIC_HEALTH, CLINIC_STAFF;

    public String authority() {
        return "ROLE_" + name();
    }
}
