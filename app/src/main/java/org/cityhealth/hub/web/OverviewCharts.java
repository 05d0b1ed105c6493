package org.cityhealth.hub.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cityhealth.hub.source.Source;

/**
 * The data behind the overview charts, served as JSON to /js/overview.js (the CSP forbids inline scripts,
 * so the page cannot carry it). Labels are already in the operator's language.
 */
record OverviewCharts(List<TypeCount> byType, BySource bySource, PerDay perDay, String countLabel) {

    record TypeCount(String type, String label, long count) {
    }

    /** Source names on one axis and one stacked series per resource type. */
    record BySource(List<String> sources, List<String> codes, List<Series> series) {
    }

    record Series(String type, String label, List<Long> counts) {
    }

    /** Every day of the window, zero-filled, so the line does not skip quiet days. */
    record PerDay(List<String> days, List<Long> counts) {
    }

    static OverviewCharts of(Map<String, Long> countsByType, List<Source> sources, Map<Long, Map<String, Long>> bySourceAndType,
                             Map<LocalDate, Long> storedPerDay, LocalDate today, int days, Labels labels) {
        List<TypeCount> byType = countsByType.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new TypeCount(e.getKey(), labels.resourceType(e.getKey()), e.getValue()))
                .toList();

        List<Series> series = new ArrayList<>();
        for (TypeCount type : byType) {
            List<Long> counts = sources.stream()
                    .map(source -> bySourceAndType.getOrDefault(source.id(), Map.of()).getOrDefault(type.type(), 0L)).toList();
            series.add(new Series(type.type(), type.label(), counts));
        }
        BySource bySource = new BySource(sources.stream().map(Source::name).toList(), sources.stream().map(Source::code).toList(),
                series);

        List<String> dayLabels = new ArrayList<>();
        List<Long> dayCounts = new ArrayList<>();
        for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
            dayLabels.add(day.toString());
            dayCounts.add(storedPerDay.getOrDefault(day, 0L));
        }
        return new OverviewCharts(byType, bySource, new PerDay(dayLabels, dayCounts), labels.get("overview.chart.count", "count"));
    }
}
