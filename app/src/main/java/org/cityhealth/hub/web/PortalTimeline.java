package org.cityhealth.hub.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The citizen's view of their timeline: one list, newest first, a page at a time, each entry with the hospital that
 * recorded it. The operators' swimlanes compare hospitals side by side; a citizen reads their own history as a story.
 *
 * @param page  1-based
 * @param pages at least 1
 */
record PortalTimeline(List<Item> items, int page, int pages, int total) {

    /** Entries on one page of the citizen's timeline. */
    static final int PAGE_SIZE = 30;

    /** An entry and the hospital it came from. */
    record Item(ClinicalEntry entry, String sourceCode, String sourceName) {
    }

    static PortalTimeline of(PersonTimeline timeline, int requestedPage) {
        List<Item> all = new ArrayList<>();
        List<PersonTimeline.Lane> lanes = timeline.lanes();
        for (PersonTimeline.Row row : timeline.rows()) {
            List<Item> day = new ArrayList<>();
            for (int lane = 0; lane < lanes.size(); lane++) {
                for (ClinicalEntry entry : row.cells().get(lane)) {
                    day.add(new Item(entry, lanes.get(lane).code(), lanes.get(lane).name()));
                }
            }
            day.sort(Comparator.comparingLong((Item item) -> item.entry().sortKey()).reversed());
            all.addAll(day);
        }
        int pages = Math.max(1, (all.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.clamp(requestedPage, 1, pages);
        int from = (page - 1) * PAGE_SIZE;
        return new PortalTimeline(List.copyOf(all.subList(from, Math.min(all.size(), from + PAGE_SIZE))), page, pages, all.size());
    }

    /**
     * What the record charts draw: entries per year, one series per hospital (undated entries left out), and entries per type.
     *
     * @param years  ascending, every year from the first entry's to the last's
     * @param series one per hospital with entries, counts aligned with {@code years}
     */
    record Chart(List<Integer> years, List<Series> series, List<PersonRecord.TypeCount> types) {
    }

    /** One hospital's entries per year. */
    record Series(String code, String name, List<Integer> counts) {
    }

    static Chart chart(PersonRecord record) {
        PersonTimeline timeline = record.timeline();
        List<PersonTimeline.Lane> lanes = timeline.lanes();
        TreeMap<Integer, int[]> byYear = new TreeMap<>();
        for (PersonTimeline.Row row : timeline.rows()) {
            if (row.date() == null) {
                continue;
            }
            int[] counts = byYear.computeIfAbsent(row.date().getYear(), year -> new int[lanes.size()]);
            for (int lane = 0; lane < lanes.size(); lane++) {
                counts[lane] += row.cells().get(lane).size();
            }
        }
        // Years without a visit stay on the axis: a gap in care is part of the story the chart tells.
        if (!byYear.isEmpty()) {
            for (int year = byYear.firstKey(); year < byYear.lastKey(); year++) {
                byYear.putIfAbsent(year, new int[lanes.size()]);
            }
        }
        List<Series> series = new ArrayList<>();
        for (int lane = 0; lane < lanes.size(); lane++) {
            if (lanes.get(lane).entries() == 0) {
                continue;
            }
            List<Integer> counts = new ArrayList<>();
            for (Map.Entry<Integer, int[]> year : byYear.entrySet()) {
                counts.add(year.getValue()[lane]);
            }
            series.add(new Series(lanes.get(lane).code(), lanes.get(lane).name(), List.copyOf(counts)));
        }
        return new Chart(List.copyOf(byYear.keySet()), List.copyOf(series), record.typeCounts());
    }
}
