package org.cityhealth.hub.imaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.access.Decision;
import org.cityhealth.hub.access.PolicyDecisionPoint;
import org.cityhealth.hub.access.Role;
import org.cityhealth.hub.access.Subject;
import org.cityhealth.hub.access.Subjects;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.StoredResource;
import org.springframework.stereotype.Component;

/**
 * Person-level decisions for DICOMweb reads, as the FHIR API makes them: each instance belongs to the person its
 * Patient is linked to now (after merges too) and to the source that sent it; the policy decision point answers per
 * person, and the permit's visibility decides per source, as it would for the source's ImagingStudy. What is served
 * goes on the ledger (the instances with their SHA-256) before the response is written.
 */
@Component
class ImagingAccess {

    /** The ImagingStudy body a visibility check sees: imaging carries no sensitive category of its own. */
    private static final byte[] STUDY_BODY = "{\"resourceType\":\"ImagingStudy\"}".getBytes(StandardCharsets.UTF_8);

    private final PolicyDecisionPoint pdp;
    private final Subjects subjects;
    private final ResourceStore store;
    private final Ledger ledger;

    ImagingAccess(PolicyDecisionPoint pdp, Subjects subjects, ResourceStore store, Ledger ledger) {
        this.pdp = pdp;
        this.subjects = subjects;
        this.store = store;
        this.ledger = ledger;
    }

    /** A refusal of a whole request: 403 with the reason, or 404 when the caller may not even learn it exists. */
    static final class RefusedException extends RuntimeException {
        final int status;

        RefusedException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** One caller's decisions during one request. */
    final class Reader {
        private final Subject subject;
        private final Map<Long, Decision> decisions = new HashMap<>();
        private final Map<String, Long> persons = new HashMap<>();
        private String lastRefusal;

        private Reader(Subject subject) {
            this.subject = subject;
        }

        /** The instances the caller may see. */
        List<Instance> visible(List<Instance> instances) {
            List<Instance> visible = new ArrayList<>();
            for (Instance instance : instances) {
                if (allows(instance)) {
                    visible.add(instance);
                }
            }
            return visible;
        }

        /** The visible instances, or a refusal when there were some and none is visible. */
        List<Instance> require(List<Instance> instances, String what) {
            if (instances.isEmpty()) {
                throw new RefusedException(404, what + " is not known");
            }
            List<Instance> visible = visible(instances);
            if (visible.isEmpty()) {
                throw lastRefusal == null ? new RefusedException(404, what + " is not known") : new RefusedException(403, lastRefusal);
            }
            return visible;
        }

        private boolean allows(Instance instance) {
            if (!subject.scopeAllowsRead("ImagingStudy")) {
                lastRefusal = "the token's scopes do not allow reading ImagingStudy";
                return false;
            }
            long person = personOf(instance);
            if (person == 0) {
                // A Patient not linked to any person yet: only hub operations may see it (as in the FHIR API's everything view).
                return subject.has(Role.OPERATOR);
            }
            Decision decision = decisions.computeIfAbsent(person,
                    key -> pdp.decidePerson(subject, key, PolicyDecisionPoint.usualPurpose(subject), null));
            if (decision instanceof Decision.Deny deny) {
                lastRefusal = "NOT_OWN_RECORD".equals(deny.code()) ? null : deny.reason();
                return false;
            }
            Decision.Permit permit = (Decision.Permit) decision;
            boolean allowed = permit.visibility().allows(new StoredResource("ImagingStudy", instance.studyUid(), 1, false, person,
                    instance.receivedAt(), instance.sourceId(), null, instance.submissionId(), STUDY_BODY));
            if (!allowed) {
                lastRefusal = "these images are from another hospital: they need the patient's consent or an in-visit code";
            }
            return allowed;
        }

        long personOf(Instance instance) {
            if (instance.patientResId() == null) {
                return instance.personKey();
            }
            return persons.computeIfAbsent(instance.patientResId(), id -> store.readCurrent(List.of(id)).stream().findFirst()
                    .map(StoredResource::personKey).orElse(instance.personKey()));
        }

        /**
         * Records what was served before it is written: the instances (or, for QIDO-RS, each study's answer) with the
         * SHA-256 of their bytes, and the person when they are all one person's.
         */
        void served(String action, String path, List<Instance> instances, List<LedgerEvent.Touched> touched) {
            Set<Long> people = new LinkedHashSet<>();
            instances.forEach(instance -> people.add(personOf(instance)));
            Long person = people.size() == 1 ? people.iterator().next() : null;
            Decision decision = person == null ? null : decisions.get(person);
            LedgerEvent event = LedgerEvent.permit(action).person(person).purpose(PolicyDecisionPoint.usualPurpose(subject).name())
                    .touched(touched).detail("path", path).detail("count", touched.size());
            ledger.record(decision instanceof Decision.Permit permit ? event.because(permit.reason()) : event);
        }
    }

    /** An instance served, by the SHA-256 of its Part 10 bytes. */
    static LedgerEvent.Touched touched(Instance instance) {
        return new LedgerEvent.Touched("DICOM/" + instance.studyUid() + "/" + instance.sopInstanceUid(), instance.sha256());
    }

    Reader reader() {
        return new Reader(subjects.current());
    }
}
