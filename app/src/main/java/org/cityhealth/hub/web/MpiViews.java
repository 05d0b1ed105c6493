package org.cityhealth.hub.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cityhealth.hub.identity.MatchModels;
import org.cityhealth.hub.identity.MpiEvents;
import org.cityhealth.hub.identity.PatientLink;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.identity.ReviewQueue;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.identity.linkage.Field;
import org.cityhealth.identity.linkage.MatchModel;
import org.springframework.stereotype.Component;

/**
 * Shapes the person index for the operator pages: review pairs with both records side by side, the evidence of a
 * pair field by field with the weights of the model in use, a person's history, the model's weights for the chart.
 * Identity values are shown as linking compares them (folded names, digits-only phones) and never in full where they
 * identify someone by themselves: resident IDs are masked, phone numbers keep only their first three and last four digits.
 */
@Component
class MpiViews {

    /** One side of a pair: a source patient's identity record, where it came from and the person it is linked to now. */
    record Side(String patientId, boolean indexed, Long personKey, String sourceCode, String sourceName, String sourcePatientId,
                String name, LocalDate birthDate) {
    }

    /** A line of the review queue. */
    record ReviewRow(long id, double weight, String weightText, Side patient, Side candidate, String rule) {

        public String sign() {
            return MpiViews.sign(weight);
        }
    }

    /** One field of a pair: both values, the agreement level and its weight in the model in use. */
    record Evidence(Field field, String mine, String theirs, int level, String levelKey, double weight, String weightText) {

        /** "pos", "neg" or "zero": the colour of the weight. */
        public String sign() {
            return MpiViews.sign(weight);
        }

        /** Badge tone of the level: full agreement, disagreement, something in between, or nothing to compare. */
        public String tone() {
            return level < 0 ? "muted" : level == Field.SAME ? "ok" : level == field.disagree() ? "bad" : "warn";
        }
    }

    /** A review with everything its page shows. */
    record ReviewDetail(ReviewQueue.Review review, String rule, String weightText, Side patient, Side candidate, List<Evidence> evidence,
                        String modelTotalText, Double probability) {

        /** The probability in percent as a reader wants it: "97.3", and "> 99.9" rather than a rounded "100.0". */
        public String probabilityText() {
            if (probability == null) {
                return null;
            }
            double percent = probability * 100;
            return percent >= 99.95 ? "> 99.9" : percent < 0.05 ? "< 0.1" : String.format(java.util.Locale.ROOT, "%.1f", percent);
        }

        public boolean open() {
            return review.status() == ReviewQueue.Status.OPEN;
        }

        public String sign() {
            return MpiViews.sign(review.weight());
        }
    }

    /** One event of a person's history, with the source and source patient id of its patient when the index knows them. */
    record HistoryRow(Instant at, String action, String patientId, String sourceCode, String sourcePatientId, Long fromPerson,
                      Long toPerson, String rule, String weightText, String actor, boolean hub, String reason) {
    }

    /** Events of one action in the activity window, with its bar's share of the busiest action. */
    record ActivityRow(String action, long count, int percent) {
    }

    /** The model's weights for the chart, labelled in the operator's language. */
    record ModelChart(boolean trained, List<Bar> bars, String weightLabel, String matchLabel, String nonMatchLabel) {
    }

    record Bar(String field, String fieldLabel, int level, String levelLabel, double weight, double m, double u) {
    }

    private final PersonIndex persons;
    private final SourceRegistry sources;
    private final MatchModels models;

    MpiViews(PersonIndex persons, SourceRegistry sources, MatchModels models) {
        this.persons = persons;
        this.sources = sources;
        this.models = models;
    }

    List<ReviewRow> rows(List<ReviewQueue.Review> reviews, Labels labels) {
        Map<Long, Source> byId = sourcesById();
        return reviews.stream().map(review -> new ReviewRow(review.id(), review.weight(), weight(review.weight()),
                side(review.patientId(), byId), side(review.candidatePatient(), byId), MpiRuleText.of(review.rule(), labels))).toList();
    }

    ReviewDetail detail(ReviewQueue.Review review, Labels labels) {
        Map<Long, Source> byId = sourcesById();
        Optional<PersonIndex.Identity> mine = persons.identityOf(review.patientId());
        Optional<PersonIndex.Identity> theirs = persons.identityOf(review.candidatePatient());
        MatchModel model = models.matcher().model();
        int[] levels = review.levelArray();
        List<Evidence> evidence = new ArrayList<>();
        double total = 0;
        for (Field field : Field.values()) {
            int level = field.ordinal() < levels.length ? levels[field.ordinal()] : -1;
            double weight = level < 0 ? 0 : model.weight(field, level);
            total += weight;
            evidence.add(new Evidence(field, value(field, mine, labels), value(field, theirs, labels), level,
                    level < 0 ? "mpi.level.missing" : "mpi.level." + field.name() + "." + level, weight, weight(weight)));
        }
        Side candidate = side(review.candidatePatient(), byId);
        if (!candidate.indexed()) {
            // The candidate's record is gone from the index (it cannot be, today); still name the person it stood for.
            candidate = new Side(review.candidatePatient(), false, persons.survivorOf(review.candidatePerson()).orElse(review.candidatePerson()),
                    null, null, null, null, null);
        }
        Double probability = models.matcher().trained() ? model.probability(review.weight()) : null;
        return new ReviewDetail(review, MpiRuleText.of(review.rule(), labels), weight(review.weight()), side(review.patientId(), byId),
                candidate, evidence, weight(total), probability);
    }

    /**
     * A person's history. A person's merge or unmerge records their reason as the event's rule ("review 5: same phone"
     * from a review, the bare reason otherwise): shown here as the rule it was ("review #5", "decided by a person") and
     * the reason, so the reason column reads the same for every decision.
     */
    List<HistoryRow> history(List<MpiEvents.Event> events, Labels labels) {
        Map<Long, Source> byId = sourcesById();
        Map<String, Side> sides = new java.util.HashMap<>();
        return events.stream().map(event -> {
            boolean hub = PersonIndex.HUB_ACTOR.equals(event.actor());
            String rule = MpiRuleText.of(event.rule(), labels);
            String reason = event.reason();
            boolean decided = event.action() == MpiEvents.Action.MERGE || event.action() == MpiEvents.Action.UNMERGE;
            if (reason == null && !hub && decided && event.rule() != null) {
                java.util.regex.Matcher review = REVIEW_REASON.matcher(event.rule());
                if (review.matches()) {
                    rule = labels.format("mpi.rule.review", review.group(1));
                    reason = review.group(2);
                } else {
                    rule = labels.get("mpi.rule.decided", "decided");
                    reason = event.rule();
                }
            }
            Side side = event.patientId() == null ? null : sides.computeIfAbsent(event.patientId(), id -> side(id, byId));
            return new HistoryRow(event.at(), event.action().name(), event.patientId(), side == null ? null : side.sourceCode(),
                    side == null ? null : side.sourcePatientId(), event.fromPerson(), event.toPerson(), rule,
                    event.weight() == null ? null : weight(event.weight()), event.actor(), hub, reason);
        }).toList();
    }

    private static final java.util.regex.Pattern REVIEW_REASON = java.util.regex.Pattern.compile("review ([0-9]+): (.*)",
            java.util.regex.Pattern.DOTALL);

    static List<ActivityRow> activity(Map<String, Long> counts) {
        long most = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<ActivityRow> rows = new ArrayList<>();
        for (MpiEvents.Action action : MpiEvents.Action.values()) {
            long count = counts.getOrDefault(action.name(), 0L);
            rows.add(new ActivityRow(action.name(), count, most == 0 ? 0 : (int) Math.max(count > 0 ? 2 : 0, Math.round(100.0 * count / most))));
        }
        return rows;
    }

    ModelChart chart(Labels labels) {
        Optional<MatchModels.Estimate> estimate = models.estimate();
        List<Bar> bars = new ArrayList<>();
        estimate.ifPresent(found -> {
            MatchModel model = found.model();
            for (Field field : Field.values()) {
                for (int level = 0; level < field.levelCount(); level++) {
                    bars.add(new Bar(field.name(), labels.get("mpi.field." + field.name(), field.name()), level,
                            labels.get("mpi.level." + field.name() + "." + level, field.label(level)),
                            round(model.weight(field, level), 100), round(model.m()[field.ordinal()][level], 10000),
                            round(model.u()[field.ordinal()][level], 10000)));
                }
            }
        });
        return new ModelChart(estimate.isPresent(), bars, labels.get("mpi.model.chart.weight", "weight"),
                labels.get("mpi.model.chart.m", "m"), labels.get("mpi.model.chart.u", "u"));
    }

    /** The patient's identity record, source and current person; a side with only the id when the index does not know it. */
    Side side(String patientId, Map<Long, Source> byId) {
        Optional<PersonIndex.Identity> identity = persons.identityOf(patientId);
        if (identity.isEmpty()) {
            return new Side(patientId, false, persons.personOf(patientId).orElse(null), null, null, null, null, null);
        }
        PersonIndex.Identity found = identity.get();
        Source source = byId.get(found.sourceId());
        String sourcePatientId = persons.linksOf(found.personKey()).stream().filter(link -> link.patientId().equals(patientId))
                .map(PatientLink::sourcePatientId).findFirst().orElse(null);
        return new Side(patientId, true, found.personKey(), source == null ? "#" + found.sourceId() : source.code(),
                source == null ? null : source.name(), sourcePatientId, found.record().fullName(), found.record().birthDate());
    }

    Map<Long, Source> sourcesById() {
        return sources.all().stream().collect(Collectors.toMap(Source::id, Function.identity()));
    }

    private static String value(Field field, Optional<PersonIndex.Identity> identity, Labels labels) {
        if (identity.isEmpty()) {
            return null;
        }
        var record = identity.get().record();
        return switch (field) {
            case RESIDENT_ID -> record.residentId() != null ? record.residentId().masked()
                    : record.badResidentId() != null ? labels.format("mpi.value.invalidResidentId", maskIdentifier(record.badResidentId())) : null;
            case NAME -> record.fullName();
            case BIRTH_DATE -> record.birthDate() == null ? null : record.birthDate().toString();
            case SEX -> record.sex() == null ? null : labels.get("gender." + record.sex().name().toLowerCase(java.util.Locale.ROOT), record.sex().name());
            case PHONE -> maskPhone(record.phone());
            case DISTRICT -> record.district();
        };
    }

    /** The first four and last four characters of an identifier that failed validation, as ResidentId.masked() shows valid ones. */
    static String maskIdentifier(String digits) {
        if (digits == null || digits.length() <= 8) {
            return digits == null ? null : "*".repeat(digits.length());
        }
        return digits.substring(0, 4) + "*".repeat(digits.length() - 8) + digits.substring(digits.length() - 4);
    }

    /** 13912345678 → 139****5678: enough to see that two numbers agree, not enough to call anyone. */
    static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        if (phone.length() < 8) {
            return "*".repeat(Math.max(0, phone.length() - 2)) + phone.substring(Math.max(0, phone.length() - 2));
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }

    /** Weights with sign and one decimal, a true minus sign for negatives: +4.8, −2.3, 0.0. */
    static String weight(double weight) {
        double rounded = Math.round(weight * 10) / 10.0;
        if (rounded == 0) {
            return "0.0";
        }
        String text = String.format(java.util.Locale.ROOT, "%.1f", Math.abs(rounded));
        return (rounded > 0 ? "+" : "−") + text;
    }

    static String sign(double weight) {
        double rounded = Math.round(weight * 10) / 10.0;
        return rounded > 0 ? "pos" : rounded < 0 ? "neg" : "zero";
    }

    private static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }
}
