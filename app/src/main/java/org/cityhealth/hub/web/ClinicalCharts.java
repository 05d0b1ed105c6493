package org.cityhealth.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.StoredResource;

/**
 * What a doctor would rather look at than read: numeric lab results as trends per test (the tests measured most
 * often first) and the imaging studies with their reports, built from the resources the doctor may see.
 */
final class ClinicalCharts {

    /** Trends shown: the most often measured tests. */
    static final int MAX_TRENDS = 6;
    /** The types the charts are made of; the others are not parsed. */
    private static final Set<String> CHART_TYPES = Set.of("Observation", "DiagnosticReport", "ImagingStudy");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClinicalCharts() {
    }

    record Point(String date, double value) {
    }

    /** One test over time, with its reference range when the results carry one. */
    record Trend(String code, String name, String unit, List<Point> points, Double low, Double high) {
    }

    /**
     * An imaging study and the conclusion of the report that points at it (null when none came); {@code studyUid} is
     * its DICOM Study Instance UID (null when the resource names none), by which its images are previewed.
     */
    record Imaging(LocalDate date, String modality, String description, long sourceId, int series, int instances, String report,
                   String studyUid) {
    }

    record Charts(List<Trend> trends, List<Imaging> imaging) {
    }

    static Charts of(List<StoredResource> resources) {
        Map<String, List<JsonNode>> observations = new HashMap<>();
        Map<String, String> reports = new HashMap<>();
        List<JsonNode> studies = new ArrayList<>();
        Map<String, Long> studySources = new HashMap<>();
        for (StoredResource resource : resources) {
            if (!CHART_TYPES.contains(resource.type())) {
                continue;
            }
            JsonNode body = parse(resource);
            if (body == null) {
                continue;
            }
            switch (resource.type()) {
                case "Observation" -> {
                    JsonNode coding = body.path("code").path("coding").path(0);
                    if (body.path("valueQuantity").path("value").isNumber() && coding.hasNonNull("code")) {
                        observations.computeIfAbsent(coding.path("system").asText() + "|" + coding.path("code").asText(), k -> new ArrayList<>())
                                .add(body);
                    }
                }
                case "DiagnosticReport" -> body.path("imagingStudy").forEach(study -> {
                    String reference = study.path("reference").asText();
                    if (body.hasNonNull("conclusion")) {
                        reports.put(reference.substring(reference.indexOf('/') + 1), body.path("conclusion").asText());
                    }
                });
                case "ImagingStudy" -> {
                    studies.add(body);
                    studySources.put(resource.id(), resource.sourceId());
                }
                default -> {
                }
            }
        }
        List<Trend> trends = observations.values().stream().filter(results -> results.size() >= 2)
                .sorted(Comparator.comparingInt((List<JsonNode> results) -> results.size()).reversed())
                .limit(MAX_TRENDS).map(ClinicalCharts::trend).toList();
        List<Imaging> imaging = studies.stream().map(study -> new Imaging(date(study.path("started").asText(null)),
                        study.path("modality").path(0).path("code").asText(study.path("series").path(0).path("modality").path("code").asText("")),
                        study.path("description").asText(""), studySources.getOrDefault(study.path("id").asText(), 0L),
                        study.path("numberOfSeries").asInt(), study.path("numberOfInstances").asInt(), reports.get(study.path("id").asText()),
                        studyUid(study)))
                .sorted(Comparator.comparing(Imaging::date, Comparator.nullsLast(Comparator.reverseOrder()))).toList();
        return new Charts(trends, imaging);
    }

    /** The Study Instance UID of an ImagingStudy: its {@code urn:dicom:uid} identifier without the {@code urn:oid:} prefix. */
    private static String studyUid(JsonNode study) {
        for (JsonNode identifier : study.path("identifier")) {
            String value = identifier.path("value").asText("");
            if ("urn:dicom:uid".equals(identifier.path("system").asText()) && value.startsWith("urn:oid:")) {
                return value.substring("urn:oid:".length());
            }
        }
        return null;
    }

    private static Trend trend(List<JsonNode> results) {
        JsonNode first = results.getFirst();
        JsonNode coding = first.path("code").path("coding").path(0);
        String name = first.path("code").path("text").asText(coding.path("display").asText(coding.path("code").asText()));
        Map<String, Double> byDate = new LinkedHashMap<>();
        Double low = null;
        Double high = null;
        for (JsonNode result : results) {
            LocalDate date = date(result.path("effectiveDateTime").asText(result.path("issued").asText(null)));
            if (date != null) {
                byDate.put(date.toString(), result.path("valueQuantity").path("value").asDouble());
            }
            JsonNode range = result.path("referenceRange").path(0);
            if (range.path("low").path("value").isNumber()) {
                low = range.path("low").path("value").asDouble();
            }
            if (range.path("high").path("value").isNumber()) {
                high = range.path("high").path("value").asDouble();
            }
        }
        List<Point> points = byDate.entrySet().stream().map(e -> new Point(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(Point::date)).toList();
        return new Trend(coding.path("code").asText(), name, first.path("valueQuantity").path("unit").asText(""), points, low, high);
    }

    /** The trends as the JSON the page's script draws (the CSP forbids inline data scripts). */
    static String json(List<Trend> trends) {
        try {
            return JSON.writeValueAsString(trends);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDate date(String value) {
        if (value == null || value.length() < 10) {
            return null;
        }
        try {
            return FhirDates.range(value).low().atZone(FhirDates.LOCAL_ZONE).toLocalDate();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static JsonNode parse(StoredResource resource) {
        try {
            return JSON.readTree(resource.body());
        } catch (IOException e) {
            return null;
        }
    }
}
