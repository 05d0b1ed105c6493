package org.cityhealth.hub.access;

import java.time.Instant;
import java.util.Set;

/**
 * A citizen's consent as stored; {@link ConsentResources} renders it as a FHIR Consent.
 *
 * @param grantee      account name, "ORG/department" or an organisation (source) code, by {@code kind}
 * @param types        FHIR resource types opened (empty: all)
 * @param sensitive    sensitive categories the citizen named (others stay closed)
 * @param validTo      end of the window; null: until revoked
 * @param requestReason a doctor's reason when the consent started as their request
 */
public record ConsentRecord(long id, long personKey, GranteeKind kind, String grantee, String granteeName, Set<String> types,
                            Set<Sensitivity> sensitive, Instant validFrom, Instant validTo, Status status, Origin origin,
                            String createdBy, Instant createdAt, Instant revokedAt, String requestReason) {

    public enum GranteeKind { PRACTITIONER, DEPARTMENT, ORGANIZATION }

    public enum Status { ACTIVE, INACTIVE, PROPOSED }

    /** How it came to be: the portal, the FHIR API, an in-visit code, a doctor's request the citizen approved. */
    public enum Origin { PORTAL, API, VISIT_CODE, REQUEST }

    /** Active now: not revoked, started, not ended. */
    public boolean inForce(Instant now) {
        return status == Status.ACTIVE && !validFrom.isAfter(now) && (validTo == null || validTo.isAfter(now));
    }

    public boolean covers(Subject subject) {
        return switch (kind) {
            case PRACTITIONER -> grantee.equals(subject.id());
            case DEPARTMENT -> subject.organization() != null && subject.department() != null
                    && grantee.equals(subject.organization() + "/" + subject.department());
            case ORGANIZATION -> grantee.equals(subject.organization());
        };
    }
}
