package org.cityhealth.identity.linkage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether records are the same person: deterministic rules on identifiers first, then the Fellegi–Sunter
 * weight against two thresholds, then the guards that no weight overrides (a near-miss ID or a pair that looks like
 * twins is never linked without a person looking at it).
 */
public final class Matcher {

    /**
     * Weight thresholds: at or above {@code link} records are linked automatically, at or above {@code review} they
     * go to the review queue, below they are distinct.
     */
    public record Thresholds(double link, double review) {
        public Thresholds {
            if (!(review < link)) {
                throw new IllegalArgumentException("the review threshold must be below the link threshold: " + review + " ≥ " + link);
            }
        }
    }

    /** A record already linked to a person. */
    public record Candidate(Profile profile, long person) {
    }

    /** How a candidate person compares: its best-matching record and that record's score. */
    public record PersonScore(long person, String recordId, PairScore score) {
    }

    /**
     * The decision for an incoming record: the outcome, the person (for LINK and REVIEW, else -1), and every
     * candidate person ranked, strongest first.
     */
    public record Decision(Outcome outcome, long person, List<PersonScore> ranked) {
        public PersonScore best() {
            return ranked.isEmpty() ? null : ranked.get(0);
        }
    }

    private final MatchModel model;
    private final Thresholds thresholds;
    private final boolean trained;

    public Matcher(MatchModel model, Thresholds thresholds) {
        this(model, thresholds, true);
    }

    private Matcher(MatchModel model, Thresholds thresholds, boolean trained) {
        this.model = model;
        this.thresholds = thresholds;
        this.trained = trained;
    }

    /**
     * A matcher for before any model was estimated (too few records yet): identifiers still link, but a weight
     * from EM's starting point means nothing, so what it would link goes to review instead.
     */
    public static Matcher untrained(Thresholds thresholds) {
        return new Matcher(MatchModel.starting(), thresholds, false);
    }

    public boolean trained() {
        return trained;
    }

    public MatchModel model() {
        return model;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    public PairScore score(Profile a, Profile b) {
        Comparison comparison = Comparison.of(a, b);
        double weight = model.weight(comparison);
        int name = comparison.level(Field.NAME);
        int birth = comparison.level(Field.BIRTH_DATE);
        boolean nameAndBirthDisagree = name >= 3 && birth == Field.BIRTH_DATE.disagree();
        if (a.validId && b.validId) {
            if (!a.idDigits.equals(b.idDigits)) {
                return new PairScore(comparison, weight, Outcome.DISTINCT, "different resident IDs");
            }
            // A mother's ID on her newborn's record is the classic case: the ID agrees, the person does not.
            return nameAndBirthDisagree
                    ? new PairScore(comparison, weight, Outcome.REVIEW, "same resident ID, but name and birth date disagree")
                    : new PairScore(comparison, weight, Outcome.LINK, "same resident ID");
        }
        if (a.sharesOfficialId(b)) {
            return nameAndBirthDisagree
                    ? new PairScore(comparison, weight, Outcome.REVIEW, "same official identifier, but name and birth date disagree")
                    : new PairScore(comparison, weight, Outcome.LINK, "same official identifier");
        }
        Outcome outcome = weight >= thresholds.link() ? Outcome.LINK : weight >= thresholds.review() ? Outcome.REVIEW : Outcome.DISTINCT;
        String rule = String.format(Locale.ROOT, "weight %.1f %s", weight,
                outcome == Outcome.LINK ? "≥ " + fmt(thresholds.link()) : outcome == Outcome.REVIEW ? "≥ " + fmt(thresholds.review()) : "< " + fmt(thresholds.review()));
        if (outcome == Outcome.LINK && !trained) {
            return new PairScore(comparison, weight, Outcome.REVIEW, "no model estimated yet: " + rule);
        }
        if (outcome == Outcome.LINK && comparison.level(Field.RESIDENT_ID) == 1) {
            return new PairScore(comparison, weight, Outcome.REVIEW, "resident ID differs by one digit or a transposition: " + rule);
        }
        boolean sameBirth = birth == Field.SAME || birth == 1;
        // Twins share everything but the given name, and twins' names are often one character or one sound apart
        // (子涵/子轩, 小明/小敏, or 子 registered for 子涵): with the same birth date only a name that reads the same
        // links on weights.
        if (outcome == Outcome.LINK && sameBirth && name >= 2) {
            return new PairScore(comparison, weight, Outcome.REVIEW, "same birth date but different names (twins?): " + rule);
        }
        return new PairScore(comparison, weight, outcome, rule);
    }

    /**
     * Compares an incoming record with candidate records grouped by person. A person holding a valid resident ID
     * other than the record's is never this record's person, whatever another of its records scores.
     */
    public Decision decide(Profile incoming, List<Candidate> candidates) {
        Map<Long, PersonScore> best = new LinkedHashMap<>();
        Map<Long, Boolean> conflicting = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            if (candidate.profile().id().equals(incoming.id())) {
                continue;
            }
            PairScore score = score(incoming, candidate.profile());
            if (incoming.validId && candidate.profile().validId && !incoming.idDigits.equals(candidate.profile().idDigits)) {
                conflicting.put(candidate.person(), true);
            }
            PersonScore current = best.get(candidate.person());
            if (current == null || score.strongerThan(current.score())) {
                best.put(candidate.person(), new PersonScore(candidate.person(), candidate.profile().id(), score));
            }
        }
        List<PersonScore> ranked = new ArrayList<>();
        for (PersonScore score : best.values()) {
            if (conflicting.containsKey(score.person()) && score.score().outcome() != Outcome.DISTINCT) {
                PairScore original = score.score();
                score = new PersonScore(score.person(), score.recordId(), new PairScore(original.comparison(), original.weight(),
                        Outcome.DISTINCT, "the person holds a different resident ID"));
            }
            ranked.add(score);
        }
        ranked.sort(Comparator.comparingInt((PersonScore s) -> s.score().outcome().ordinal()).thenComparing(s -> -s.score().weight()));
        if (ranked.isEmpty() || ranked.get(0).score().outcome() == Outcome.DISTINCT) {
            return new Decision(Outcome.DISTINCT, -1, ranked);
        }
        return new Decision(ranked.get(0).score().outcome(), ranked.get(0).person(), ranked);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
