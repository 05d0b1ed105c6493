package org.cityhealth.hub.fhir;

import java.util.HashMap;
import java.util.Map;
import org.cityhealth.hub.access.Decision;
import org.cityhealth.hub.access.PolicyDecisionPoint;
import org.cityhealth.hub.access.Purpose;
import org.cityhealth.hub.access.Subject;
import org.cityhealth.hub.access.Subjects;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.store.StoredResource;
import org.springframework.stereotype.Component;

/**
 * The FHIR API's enforcement of person-level decisions: asks the policy decision point about the person a resource
 * belongs to and serves only what the answer's visibility and the token's scopes allow.
 */
@Component
class ClinicalGate {

    private final PolicyDecisionPoint pdp;
    private final Subjects subjects;
    private final Ledger ledger;

    ClinicalGate(PolicyDecisionPoint pdp, Subjects subjects, Ledger ledger) {
        this.pdp = pdp;
        this.subjects = subjects;
        this.ledger = ledger;
    }

    /** One reader's answers for the persons of one request. */
    final class Reader {
        private final Subject subject = subjects.current();
        private final Map<Long, Decision> decisions = new HashMap<>();

        Subject subject() {
            return subject;
        }

        /** The permit to read this person's record, or the refusal as a FHIR error. */
        Decision.Permit permit(long personKey, String location) {
            Decision decision = decisions.computeIfAbsent(personKey, key -> pdp.decidePerson(subject, key, PolicyDecisionPoint.usualPurpose(subject), null));
            if (decision instanceof Decision.Permit permit) {
                return permit;
            }
            Decision.Deny deny = (Decision.Deny) decision;
            if ("NOT_OWN_RECORD".equals(deny.code())) {
                throw new FhirApiException(404, "not-found", location, location + " is not known");
            }
            throw new FhirApiException(403, "forbidden", location, deny.reason());
        }

        /** Whether the resource may be served: shared resources always, a person's by the permit and the token's scopes. */
        boolean visible(StoredResource resource) {
            if (!subject.scopeAllowsRead(resource.type())) {
                return false;
            }
            if (resource.personKey() == 0) {
                return true;
            }
            Decision decision = decisions.computeIfAbsent(resource.personKey(),
                    key -> pdp.decidePerson(subject, key, PolicyDecisionPoint.usualPurpose(subject), null));
            return decision instanceof Decision.Permit permit && permit.visibility().allows(resource);
        }

        /** A single resource: 403 with the reason when the permit does not cover it. */
        Decision.Permit require(StoredResource resource) {
            String location = resource.type() + "/" + resource.id();
            if (resource.personKey() == 0) {
                return null;
            }
            Decision.Permit permit = permit(resource.personKey(), location);
            if (!permit.visibility().allows(resource)) {
                String reason = "this record is from another hospital or in a sensitive category:"
                        + " it needs the patient's consent (naming the category) or an in-visit code";
                // The person-level answer was a permit; refusing this one resource is a decision of its own, recorded like one.
                ledger.record(LedgerEvent.deny("fhir.read", reason).person(resource.personKey()).purpose(permit.purpose().name())
                        .detail("code", "NOT_COVERED").detail("resource", location));
                throw new FhirApiException(403, "forbidden", location, reason);
            }
            return permit;
        }

        Purpose purpose() {
            return PolicyDecisionPoint.usualPurpose(subject);
        }
    }

    Reader reader() {
        return new Reader();
    }
}
