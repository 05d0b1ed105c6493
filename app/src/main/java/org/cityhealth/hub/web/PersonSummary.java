package org.cityhealth.hub.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a clinician reads first: current problems, current medications and allergies, merged across
 * sources. The same diagnosis from two hospitals is one line that names both, so the list stays short.
 */
record PersonSummary(List<Item> problems, List<Item> medications, List<Item> allergies) {

    /** One line of a summary list: the newest detail and date, and the codes of every source that reported it. */
    record Item(String title, String detail, LocalDate since, List<String> sources) {
    }

    /** Clinical statuses that mean the problem or allergy is over. */
    private static final Set<String> ENDED = Set.of("resolved", "inactive", "remission", "entered-in-error", "refuted");
    /** Medication statuses that mean the patient is not taking it (any more). */
    private static final Set<String> NOT_TAKEN = Set.of("stopped", "cancelled", "completed", "entered-in-error", "not-taken",
            "revoked", "draft", "ended");

    static PersonSummary of(Collection<ClinicalEntry> entries, Map<Long, String> sourceCodes) {
        return new PersonSummary(
                merge(entries, entry -> entry.type().equals("Condition") && !in(ENDED, entry), sourceCodes),
                merge(entries, entry -> (entry.type().equals("MedicationRequest") || entry.type().equals("MedicationStatement"))
                        && !in(NOT_TAKEN, entry), sourceCodes),
                merge(entries, entry -> entry.type().equals("AllergyIntolerance") && !in(ENDED, entry), sourceCodes));
    }

    /** A missing status counts as current: sources often leave it out, and hiding a real allergy is worse than showing an old one. */
    private static boolean in(Set<String> statuses, ClinicalEntry entry) {
        return entry.statusCode() != null && statuses.contains(entry.statusCode());
    }

    private static List<Item> merge(Collection<ClinicalEntry> entries, Predicate<ClinicalEntry> wanted, Map<Long, String> sourceCodes) {
        Map<String, List<ClinicalEntry>> byTitle = new LinkedHashMap<>();
        entries.stream().filter(wanted)
                .sorted(Comparator.comparingLong(ClinicalEntry::sortKey).reversed())
                .forEach(entry -> byTitle.computeIfAbsent(entry.title(), title -> new ArrayList<>()).add(entry));
        List<Item> items = new ArrayList<>();
        byTitle.forEach((title, same) -> {
            ClinicalEntry newest = same.getFirst();
            // "Since" is the earliest date any source recorded it: that is when the problem started for the patient.
            LocalDate since = same.stream().map(ClinicalEntry::date).filter(date -> date != null).min(LocalDate::compareTo).orElse(null);
            List<String> sources = same.stream().map(entry -> sourceCodes.getOrDefault(entry.sourceId(), "#" + entry.sourceId()))
                    .distinct().toList();
            items.add(new Item(title, newest.detail(), since, sources));
        });
        return items;
    }
}
