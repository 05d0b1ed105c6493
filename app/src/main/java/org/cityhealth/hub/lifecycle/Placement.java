package org.cityhealth.hub.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.Tier;

/** Evaluates the tier rules for one resource: plain logic, no I/O, so that the rules can be tested alone. */
final class Placement {

    /** The rule that placed a resource, and its tier; {@code rule} is null when no rule matched (the resource stays). */
    record Decision(String rule, Tier tier) {
    }

    private Placement() {
    }

    static Decision place(Policy policy, Facts.Person person, Facts.Resource resource, Instant asOf) {
        for (Policy.Rule rule : policy.rules()) {
            if (matches(rule, person, resource, asOf)) {
                return new Decision(rule.name(), rule.tier());
            }
        }
        return new Decision(null, resource.tier());
    }

    static boolean matches(Policy.Rule rule, Facts.Person person, Facts.Resource resource, Instant asOf) {
        if (!rule.types().isEmpty() && !rule.types().contains(resource.type())) {
            return false;
        }
        if (!rule.status().isEmpty() && (resource.status() == null || !rule.status().contains(resource.status()))) {
            return false;
        }
        if (!rule.sources().isEmpty() && !rule.sources().contains(resource.sourceCode())) {
            return false;
        }
        if (!rule.categories().isEmpty() && rule.categories().stream().noneMatch(token -> resource.tokens().contains("category:" + token))) {
            return false;
        }
        if (!rule.codes().isEmpty() && rule.codes().stream().noneMatch(token -> resource.tokens().contains("code:" + token))) {
            return false;
        }
        Duration age = Duration.between(resource.dated(), asOf);
        if (rule.olderThan() != null && age.compareTo(rule.olderThan()) <= 0) {
            return false;
        }
        if (rule.youngerThan() != null && age.compareTo(rule.youngerThan()) >= 0) {
            return false;
        }
        if (rule.readsAtLeast() != null) {
            LocalDate since = asOf.minus(rule.readsWithin()).atZone(FhirDates.LOCAL_ZONE).toLocalDate();
            if (person.readsSince(since) < rule.readsAtLeast()) {
                return false;
            }
        }
        if (rule.deceasedForMoreThan() != null
                && (person.deceasedAt() == null || Duration.between(person.deceasedAt(), asOf).compareTo(rule.deceasedForMoreThan()) <= 0)) {
            return false;
        }
        if (rule.inactiveForMoreThan() != null
                && (person.lastActivity() == null || Duration.between(person.lastActivity(), asOf).compareTo(rule.inactiveForMoreThan()) <= 0)) {
            return false;
        }
        return true;
    }
}
