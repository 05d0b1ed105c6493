package org.cityhealth.hub.access;

import java.util.Set;

/** The policy decision point's answer, always with its reason, which the ledger records. */
public sealed interface Decision {

    String reason();

    boolean permitted();

    /** What the enforcement point must do besides letting the request through. */
    enum Obligation {
        /** Record the access with what was served. */
        AUDIT,
        /** Flag the access for the hospital privacy officer's review and notify the citizen (break-the-glass). */
        REVIEW,
        /** Leave out what the visibility does not allow (another hospital's records, sensitive categories). */
        FILTER
    }

    record Permit(String reason, Purpose purpose, Visibility visibility, Set<Obligation> obligations) implements Decision {
        public Permit {
            obligations = Set.copyOf(obligations);
        }

        @Override
        public boolean permitted() {
            return true;
        }
    }

    /**
     * @param code why, for a client to act on: NOT_AUTHENTICATED, ROLE, SCOPE, NETWORK, CONSENT_REQUIRED, NOT_OWN_RECORD,
     *             REASON_REQUIRED, RATE_LIMITED, NO_RULE
     */
    record Deny(String code, String reason) implements Decision {
        @Override
        public boolean permitted() {
            return false;
        }
    }
}
