package org.cityhealth.hub.clinic;

import java.time.Clock;
import java.util.List;
import org.cityhealth.hub.access.BreakGlassLog;
import org.cityhealth.hub.access.Decision;
import org.cityhealth.hub.access.PolicyDecisionPoint;
import org.cityhealth.hub.access.Purpose;
import org.cityhealth.hub.access.Subject;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.StoredResource;
import org.springframework.stereotype.Service;

/**
 * The emergency summary ("health traffic light") of a person, for a doctor treating them (purpose TREAT: what their
 * consents and hospital allow) or breaking the glass (ETREAT: the emergency elements whatever the consents, flagged
 * for review). Reads only the hot tier, where the lifecycle policy keeps the emergency elements, so it never waits.
 */
@Service
public class EmergencyAccess {

    private final PolicyDecisionPoint pdp;
    private final ResourceStore store;
    private final BreakGlassLog breakGlass;
    private final Ledger ledger;
    private final EmergencySummaries summaries = new EmergencySummaries(Clock.systemUTC());
    private final IpsDocuments documents = new IpsDocuments();

    EmergencyAccess(PolicyDecisionPoint pdp, ResourceStore store, BreakGlassLog breakGlass, Ledger ledger) {
        this.pdp = pdp;
        this.store = store;
        this.breakGlass = breakGlass;
        this.ledger = ledger;
    }

    /** The outcome: the summary and what it was built from, or the refusal. */
    public sealed interface Outcome {
        record Shown(EmergencySummary summary, List<StoredResource> resources, Decision.Permit permit, Long breakGlassId) implements Outcome {
        }

        record Refused(Decision.Deny deny) implements Outcome {
        }
    }

    public Outcome summary(Subject subject, long personKey, Purpose purpose, String reason, String channel) {
        Decision decision = pdp.decidePerson(subject, personKey, purpose, reason);
        if (!(decision instanceof Decision.Permit permit)) {
            return new Outcome.Refused((Decision.Deny) decision);
        }
        List<StoredResource> resources = store.currentHot(personKey, PolicyDecisionPoint.EMERGENCY_TYPES).stream()
                .filter(resource -> permit.visibility().allows(resource) && subject.scopeAllowsRead(resource.type())).toList();
        EmergencySummary summary = summaries.summarise(resources);
        List<String> viewed = resources.stream().map(r -> r.type() + "/" + r.id()).toList();
        Long breakGlassId = permit.obligations().contains(Decision.Obligation.REVIEW)
                ? breakGlass.record(subject, personKey, reason.strip(), channel, viewed).id() : null;
        LedgerEvent event = LedgerEvent.permit("clinic.summary").person(personKey).purpose(permit.purpose().name()).because(permit.reason())
                .touched(resources.stream().map(r -> LedgerEvent.Touched.of(r.type() + "/" + r.id() + "/_history/" + r.version(), r.body())).toList())
                .detail("channel", channel).detail("light", summary.light().name());
        ledger.record(breakGlassId == null ? event : event.detail("breakGlass", breakGlassId));
        return new Outcome.Shown(summary, resources, permit, breakGlassId);
    }

    /** The summary as an International Patient Summary–style FHIR document. */
    public byte[] document(Outcome.Shown shown, String baseUrl) {
        return documents.document(shown.summary(), shown.resources(), baseUrl, java.time.Instant.now());
    }
}
