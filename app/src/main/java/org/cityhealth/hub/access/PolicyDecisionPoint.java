package org.cityhealth.hub.access;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The one place that decides access. Two questions: may this subject use this route ({@link #decideRoute}, asked by
 * the security filter for every request), and what of this person's record may they see, for which purpose
 * ({@link #decidePerson}, asked by every handler that serves clinical data). Each answer carries its reason; refusals
 * are recorded here, permits by the handler that serves the data (with what it served).
 */
@Component
public class PolicyDecisionPoint {

    /** What break-the-glass opens: the emergency summary's resource types, never sensitive categories. */
    public static final Set<String> EMERGENCY_TYPES = Set.of("Patient", "AllergyIntolerance", "MedicationStatement", "MedicationRequest",
            "Condition", "Procedure", "Device", "Observation");

    private final AccessSettings settings;
    private final Consents consents;
    private final BreakGlassLog breakGlass;
    private final SourceRegistry sources;
    private final LedgerReader ledgerReader;
    private final Ledger ledger;
    private final PersonIndex persons;
    private final List<IpAddressMatcher> clinicalNetworks;

    PolicyDecisionPoint(AccessSettings settings, Consents consents, BreakGlassLog breakGlass, SourceRegistry sources,
                        LedgerReader ledgerReader, Ledger ledger, PersonIndex persons) {
        this.persons = persons;
        this.settings = settings;
        this.consents = consents;
        this.breakGlass = breakGlass;
        this.sources = sources;
        this.ledgerReader = ledgerReader;
        this.ledger = ledger;
        this.clinicalNetworks = settings.clinicalNetworks().stream().map(IpAddressMatcher::new).toList();
    }

    /** The action a route performs; null when no rule covers it (and then nobody may use it). */
    public Action actionOf(String method, String path) {
        return Routes.actionOf(method, path);
    }

    /**
     * May the subject use the route at all? {@code resourceType} is the FHIR type a FHIR route names (for SMART scopes),
     * null otherwise.
     */
    public Decision decideRoute(Subject subject, Action action, String resourceType, String remoteAddress) {
        if (action == null) {
            return new Decision.Deny("NO_RULE", "no access rule covers this route");
        }
        if (action.open() || (action == Action.LEDGER_FILES && ledgerReader.publicRead())) {
            return new Decision.Permit("open route", null, null, Set.of());
        }
        if (subject.anonymous()) {
            return new Decision.Deny("NOT_AUTHENTICATED", "sign in first");
        }
        if (Collections.disjoint(subject.roles(), action.roles())) {
            return new Decision.Deny("ROLE", "role " + subject.mainRole() + " may not use " + action.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + " routes");
        }
        if (action.clinical() && !clinicalNetworks.isEmpty() && clinicalNetworks.stream().noneMatch(m -> safeMatch(m, remoteAddress))) {
            return new Decision.Deny("NETWORK", "clinical records are served only inside the configured clinical networks");
        }
        if (resourceType != null && (action == Action.FHIR_READ || action == Action.FHIR_SUMMARY) && !subject.scopeAllowsRead(resourceType)) {
            return new Decision.Deny("SCOPE", "the token's scopes do not allow reading " + resourceType);
        }
        return new Decision.Permit("role " + subject.mainRole(), null, null, Set.of(Decision.Obligation.AUDIT));
    }

    /**
     * What of a person's record the subject may see for the purpose. A refusal is recorded here; a permit must be
     * recorded by the caller together with what it served (its AUDIT obligation).
     */
    public Decision decidePerson(Subject subject, long personKey, Purpose purpose, String reason) {
        Decision decision = decide(subject, personKey, purpose, reason);
        if (decision instanceof Decision.Deny deny) {
            LedgerEvent event = LedgerEvent.deny("access.person", deny.reason()).person(personKey).purpose(purpose.name())
                    .detail("code", deny.code());
            ledger.record(reason == null ? event : event.detail("statedReason", reason));
            if ("RATE_LIMITED".equals(deny.code())) {
                ledger.record(LedgerEvent.deny("alert.break-glass", "break-the-glass limit reached by " + subject.id()).person(personKey));
            }
        }
        return decision;
    }

    /** The purpose a subject reads for when they do not break the glass. */
    public static Purpose usualPurpose(Subject subject) {
        if (subject.has(Role.CITIZEN)) {
            return Purpose.PATRQT;
        }
        if (subject.has(Role.DOCTOR) || subject.has(Role.EMERGENCY_DOCTOR)) {
            return Purpose.TREAT;
        }
        return Purpose.HOPERAT;
    }

    private Decision decide(Subject subject, long personKey, Purpose purpose, String reason) {
        // A citizen first: with a token as with a session, another person's record is one they are not told exists.
        if (subject.has(Role.CITIZEN)) {
            return Objects.equals(subject.personKey(), personKey)
                    ? new Decision.Permit("own record", Purpose.PATRQT, Visibility.ALL, Set.of(Decision.Obligation.AUDIT))
                    : new Decision.Deny("NOT_OWN_RECORD", "a citizen sees only their own record");
        }
        if (subject.patientContextOnly() && !Objects.equals(subject.personKey(), personKey)) {
            return new Decision.Deny("SCOPE", "this token is limited to another patient's record");
        }
        if (subject.has(Role.DOCTOR) || subject.has(Role.EMERGENCY_DOCTOR)) {
            return purpose == Purpose.ETREAT ? breakTheGlass(subject, reason) : treatment(subject, personKey);
        }
        if (subject.has(Role.OPERATOR)) {
            return new Decision.Permit("hub operations", Purpose.HOPERAT, Visibility.ALL, Set.of(Decision.Obligation.AUDIT));
        }
        if (subject.has(Role.SOURCE) && subject.organization() != null) {
            // A hospital may look up what it sent (its PACS checking the hub's copy, or restoring from it), nothing else.
            Set<Long> own = sources.byCode(subject.organization()).map(Source::id).map(Set::of).orElse(Set.of());
            return new Decision.Permit("the source's own submissions", Purpose.HOPERAT, new Visibility(false, own, List.of()),
                    EnumSet.of(Decision.Obligation.AUDIT, Decision.Obligation.FILTER));
        }
        return new Decision.Deny("ROLE", "role " + subject.mainRole() + " has no access to identifiable records");
    }

    private Decision treatment(Subject doctor, long personKey) {
        // The own hospital's records count only where the hospital holds some of this person's: a doctor of a hospital
        // the person never visited needs consent like anyone else (and sees that, not an empty record).
        Set<Long> own = settings.ownHospitalVisible() && doctor.organization() != null
                ? sources.byCode(doctor.organization()).map(Source::id)
                        .filter(source -> persons.linksOf(personKey).stream().anyMatch(link -> link.sourceId() == source))
                        .map(Set::of).orElse(Set.of()) : Set.of();
        List<Visibility.Grant> grants = consents.grantsFor(personKey, doctor);
        if (own.isEmpty() && grants.isEmpty()) {
            return new Decision.Deny("CONSENT_REQUIRED", "this patient's records need the patient's consent or an in-visit code");
        }
        String basis = (own.isEmpty() ? "" : "own hospital's records") + (own.isEmpty() || grants.isEmpty() ? "" : "; ")
                + String.join("; ", grants.stream().map(grant -> grant.basis().describe()).toList());
        return new Decision.Permit(basis, Purpose.TREAT, new Visibility(false, own, grants),
                EnumSet.of(Decision.Obligation.AUDIT, Decision.Obligation.FILTER));
    }

    private Decision breakTheGlass(Subject doctor, String reason) {
        if (!doctor.has(Role.EMERGENCY_DOCTOR)) {
            return new Decision.Deny("ROLE", "only emergency doctors may break the glass");
        }
        if (reason == null || reason.strip().length() < 2) {
            return new Decision.Deny("REASON_REQUIRED", "break-the-glass needs a reason");
        }
        if (breakGlass.overLimit(doctor.id())) {
            return new Decision.Deny("RATE_LIMITED", "break-the-glass limit of " + settings.breakGlassPerHour()
                    + " per hour reached; the privacy officer has been alerted");
        }
        Set<Long> own = doctor.organization() == null ? Set.of()
                : sources.byCode(doctor.organization()).map(Source::id).map(Set::of).orElse(Set.of());
        return new Decision.Permit("break-the-glass: " + reason.strip(), Purpose.ETREAT,
                new Visibility(false, own, List.of(new Visibility.Grant(EMERGENCY_TYPES, Set.of(), Visibility.Basis.BREAK_THE_GLASS))),
                EnumSet.of(Decision.Obligation.AUDIT, Decision.Obligation.REVIEW, Decision.Obligation.FILTER));
    }

    private static boolean safeMatch(IpAddressMatcher matcher, String address) {
        try {
            return address != null && matcher.matches(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
