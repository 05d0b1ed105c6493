package org.cityhealth.hub.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.cityhealth.hub.store.Tier;

/**
 * The lifecycle policy: tier rules evaluated in order (the first whose conditions all hold places a resource) and
 * retention rules (the first that matches an encounter gives its retention period).
 */
record Policy(List<Rule> rules, List<RetentionRule> retention) {

    /**
     * A tier rule. Every condition given must hold; an absent one (null or empty) always does.
     *
     * @param categories  tokens as {@code code} or {@code system|code}; so are {@code codes}
     * @param readsAtLeast with {@code readsWithin}: the person was read at least this often in that window
     */
    record Rule(String name, Tier tier, Set<String> types, Set<String> categories, Set<String> codes, Set<String> status,
                Set<String> sources, Duration olderThan, Duration youngerThan, Integer readsAtLeast, Duration readsWithin,
                Duration deceasedForMoreThan, Duration inactiveForMoreThan) {

        boolean needsTokens() {
            return !categories.isEmpty() || !codes.isEmpty();
        }
    }

    /** Records of a person with an encounter of these classes (any class when empty) are kept this many years after it ends. */
    record RetentionRule(String name, Set<String> encounterClasses, int years) {
    }

    boolean needsTokens() {
        return rules.stream().anyMatch(Rule::needsTokens);
    }

    Duration longestReadWindow() {
        return rules.stream().map(Rule::readsWithin).filter(java.util.Objects::nonNull).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
