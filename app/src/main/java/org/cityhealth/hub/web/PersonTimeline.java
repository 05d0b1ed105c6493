package org.cityhealth.hub.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A person's record laid out as one swimlane per source and one row per day, newest first, so that what
 * two hospitals did in the same week sits side by side. Entries without a date are collected in a last row.
 *
 * @param lanes the sources, in column order
 * @param rows  days that have at least one entry; each row has one cell per lane
 */
record PersonTimeline(List<Lane> lanes, List<Row> rows) {

    /** One source's column: its name and how many entries it contributes. */
    record Lane(long sourceId, String code, String name, int entries) {
    }

    /** One day (null for the undated row) and the entries of each lane on it, newest first. */
    record Row(LocalDate date, List<List<ClinicalEntry>> cells) {
    }

    /** Lane order: the sources as given (the person's links, oldest first), then any other source with entries. */
    static PersonTimeline of(Collection<ClinicalEntry> entries, List<Lane> knownLanes, Map<Long, Lane> otherSources) {
        Map<Long, Integer> counts = new HashMap<>();
        for (ClinicalEntry entry : entries) {
            counts.merge(entry.sourceId(), 1, Integer::sum);
        }
        Map<Long, Lane> lanes = new LinkedHashMap<>();
        for (Lane lane : knownLanes) {
            lanes.putIfAbsent(lane.sourceId(), lane);
        }
        for (Long sourceId : counts.keySet().stream().sorted().toList()) {
            lanes.computeIfAbsent(sourceId, id -> otherSources.getOrDefault(id, new Lane(id, "#" + id, "#" + id, 0)));
        }
        List<Lane> ordered = new ArrayList<>();
        Map<Long, Integer> column = new HashMap<>();
        for (Lane lane : lanes.values()) {
            column.put(lane.sourceId(), ordered.size());
            ordered.add(new Lane(lane.sourceId(), lane.code(), lane.name(), counts.getOrDefault(lane.sourceId(), 0)));
        }

        TreeMap<LocalDate, List<List<ClinicalEntry>>> days = new TreeMap<>(Comparator.reverseOrder());
        List<List<ClinicalEntry>> undated = emptyCells(ordered.size());
        for (ClinicalEntry entry : entries) {
            List<List<ClinicalEntry>> cells = entry.date() == null ? undated
                    : days.computeIfAbsent(entry.date(), date -> emptyCells(ordered.size()));
            cells.get(column.get(entry.sourceId())).add(entry);
        }
        Comparator<ClinicalEntry> newestFirst = Comparator.comparingLong(ClinicalEntry::sortKey).reversed()
                .thenComparing(ClinicalEntry::type).thenComparing(ClinicalEntry::title);
        List<Row> rows = new ArrayList<>();
        days.forEach((date, cells) -> rows.add(new Row(date, sorted(cells, newestFirst))));
        if (undated.stream().anyMatch(cell -> !cell.isEmpty())) {
            rows.add(new Row(null, sorted(undated, newestFirst)));
        }
        return new PersonTimeline(List.copyOf(ordered), List.copyOf(rows));
    }

    private static List<List<ClinicalEntry>> emptyCells(int lanes) {
        List<List<ClinicalEntry>> cells = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            cells.add(new ArrayList<>());
        }
        return cells;
    }

    private static List<List<ClinicalEntry>> sorted(List<List<ClinicalEntry>> cells, Comparator<ClinicalEntry> order) {
        return cells.stream().map(cell -> cell.stream().sorted(order).toList()).toList();
    }
}
