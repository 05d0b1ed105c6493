package org.cityhealth.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.cityhealth.hub.store.Tier;
import org.junit.jupiter.api.Test;

/** The policy file is read strictly: every mistake stops start-up with a message naming the rule and the field. */
class PolicyFileTest {

    @Test
    void theBuiltInPolicyLoadsInOrder() {
        Policy policy = Lifecycle.load("");
        assertThat(policy.rules()).extracting(Policy.Rule::name).startsWith("demographics", "deceased", "emergency-elements");
        assertThat(policy.rules().get(1).deceasedForMoreThan()).isEqualTo(Duration.ofDays(180));
        assertThat(policy.retention()).extracting(Policy.RetentionRule::years).containsExactly(30, 15);
        assertThat(policy.needsTokens()).isTrue();
        assertThat(policy.longestReadWindow()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aRuleReadsEveryCondition() {
        Policy policy = PolicyFile.parse("""
                rules:
                  - name: labs
                    types: [Observation]
                    categories: [laboratory]
                    codes: ["http://loinc.org|2345-7"]
                    status: final
                    sources: [H001]
                    older-than: 2w
                    younger-than: 3y
                    person-reads-at-least: 2
                    tier: Warm
                """);
        Policy.Rule rule = policy.rules().get(0);
        assertThat(rule.tier()).isEqualTo(Tier.WARM);
        assertThat(rule.status()).containsExactly("final");
        assertThat(rule.olderThan()).isEqualTo(Duration.ofDays(14));
        assertThat(rule.youngerThan()).isEqualTo(Duration.ofDays(365 * 3));
        assertThat(rule.readsWithin()).as("reads default to a 30-day window").isEqualTo(Duration.ofDays(30));
        assertThat(policy.retention()).isEmpty();
    }

    @Test
    void mistakesNameTheRuleAndTheField() {
        assertRefused("rules:\n  - name: a\n    tier: hot\n    older-then: 3y\n", "rule 1 'a': unknown field 'older-then'");
        assertRefused("rules:\n  - name: a\n    tier: tepid\n", "rule 1 'a': field 'tier': tier must be hot, warm or cold, not tepid");
        assertRefused("rules:\n  - name: a\n    types: [Observation]\n", "rule 1 'a': field 'tier' is required");
        assertRefused("rules:\n  - name: a\n    tier: hot\n  - name: b\n    tier: cold\n    older-than: three years\n",
                "rule 2 'b': field 'older-than' must be a duration like 30d");
        assertRefused("rules:\n  - tier: hot\n", "rule 1: field 'name' is required");
        assertRefused("rules:\n  - name: a\n    tier: hot\n  - name: a\n    tier: cold\n", "rule 2 'a': the name is used twice");
        assertRefused("rules:\n  - name: a\n    tier: hot\n    older-than: 3y\n    younger-than: 1y\n", "field 'younger-than' must be longer");
        assertRefused("rules:\n  - name: a\n    tier: hot\n    person-reads-within: 30d\n", "needs 'person-reads-at-least'");
        assertRefused("rules:\n  - name: a\n    tier: hot\n    types: [1, 2]\n", "field 'types' must be a list of texts");
        assertRefused("rules: []\n", "at least one rule");
        assertRefused("rule:\n  - name: a\n", "unknown top-level field 'rule'");
        assertRefused("rules:\n  - name: a\n    tier: hot\nretention:\n  - name: r\n    years: 0\n", "retention rule 1 'r': field 'years'");
        assertRefused("rules: [\n", "not valid YAML");
    }

    @Test
    void anUnreadablePolicyFileNamesTheFile() {
        assertThatThrownBy(() -> Lifecycle.load("/nonexistent/policy.yml")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("/nonexistent/policy.yml");
    }

    private static void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> PolicyFile.parse(yaml)).isInstanceOf(PolicyException.class).hasMessageContaining(message);
    }
}
