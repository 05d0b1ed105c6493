package org.cityhealth.hub.web;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's language for the short English rules the person index records ("weight 14.3 ≥ 8.0",
 * "review: same birth date but different names (twins?): …", "re-link job 3"). Prefixes nest, so they are
 * translated from the outside in; text the hub has no translation for is shown as recorded.
 */
final class MpiRuleText {

    /** A rule that wraps another: its message key gets the translated inner rule as {0}. */
    private record Prefix(Pattern pattern, String key) {
    }

    private static final List<Prefix> PREFIXES = List.of(
            new Prefix(Pattern.compile("review: (.+)", Pattern.DOTALL), "mpi.rule.proposed"),
            new Prefix(Pattern.compile("no match: (.+)", Pattern.DOTALL), "mpi.rule.noMatch"),
            new Prefix(Pattern.compile("no model estimated yet: (.+)", Pattern.DOTALL), "mpi.rule.untrained"),
            new Prefix(Pattern.compile("resident ID differs by one digit or a transposition: (.+)", Pattern.DOTALL), "mpi.rule.nearId"),
            new Prefix(Pattern.compile("same birth date but different names \\(twins\\?\\): (.+)", Pattern.DOTALL), "mpi.rule.twins"),
            new Prefix(Pattern.compile("resident ID appeared: (.+)", Pattern.DOTALL), "mpi.rule.idAppeared"));

    private static final Pattern WEIGHT = Pattern.compile("weight (-?[0-9.]+) (≥|<) (-?[0-9.]+)");
    private static final Pattern REVIEW_DECISION = Pattern.compile("review ([0-9]+): (.*)", Pattern.DOTALL);
    private static final Pattern REVIEW = Pattern.compile("review ([0-9]+)");
    private static final Pattern RELINK_JOB = Pattern.compile("re-link job ([0-9]+)");

    private static final Map<String, String> FIXED = Map.of(
            "same resident ID", "mpi.rule.sameResidentId",
            "same official identifier", "mpi.rule.sameOfficialId",
            "different resident IDs", "mpi.rule.differentResidentIds",
            "same resident ID, but name and birth date disagree", "mpi.rule.sameResidentIdDisagree",
            "same official identifier, but name and birth date disagree", "mpi.rule.sameOfficialIdDisagree",
            "the person holds a different resident ID", "mpi.rule.holderDiffers",
            "no candidate", "mpi.rule.noCandidate",
            "separated by a decision", "mpi.rule.separated");

    private MpiRuleText() {
    }

    static String of(String rule, Labels labels) {
        if (rule == null || rule.isBlank()) {
            return null;
        }
        String text = rule.strip();
        for (Prefix prefix : PREFIXES) {
            Matcher matcher = prefix.pattern().matcher(text);
            if (matcher.matches()) {
                return labels.format(prefix.key(), of(matcher.group(1), labels));
            }
        }
        String fixed = FIXED.get(text);
        if (fixed != null) {
            return labels.get(fixed, text);
        }
        Matcher weight = WEIGHT.matcher(text);
        if (weight.matches()) {
            return labels.format("mpi.rule.weight", weight.group(1), weight.group(2), weight.group(3));
        }
        Matcher decision = REVIEW_DECISION.matcher(text);
        if (decision.matches()) {
            return labels.format("mpi.rule.reviewDecision", decision.group(1), decision.group(2));
        }
        Matcher review = REVIEW.matcher(text);
        if (review.matches()) {
            return labels.format("mpi.rule.review", review.group(1));
        }
        Matcher job = RELINK_JOB.matcher(text);
        if (job.matches()) {
            return labels.format("mpi.rule.relinkJob", job.group(1));
        }
        return text;
    }
}
