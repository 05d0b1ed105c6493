package org.cityhealth.identity.linkage;

/**
 * How two records compare: the levels, the total weight, the outcome and the rule that decided it.
 *
 * @param comparison the agreement level of every field
 * @param weight     the Fellegi–Sunter weight (sum of log2(m/u) over the fields both have)
 * @param outcome    link, review or distinct
 * @param rule       why, in a few words ({@code same resident ID}, {@code weight 23.4 ≥ 14}, {@code twins guard} …)
 */
public record PairScore(Comparison comparison, double weight, Outcome outcome, String rule) {

    /** Orders scores from the strongest match down: by outcome, then weight. */
    public boolean strongerThan(PairScore other) {
        if (outcome != other.outcome) {
            return outcome.ordinal() < other.outcome.ordinal();
        }
        return weight > other.weight;
    }
}
