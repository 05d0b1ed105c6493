package org.cityhealth.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.cityhealth.hub.store.FhirDates;

/**
 * Reads display text out of FHIR JSON the way a clinician would read it: a CodeableConcept's text or its
 * first coding's display, a Quantity as "7.2 %", a date in the city's time zone. Every method accepts a
 * missing node ({@link JsonNode#path}) and returns null or an empty list rather than throwing, because
 * sources send whatever subset of a resource they have.
 */
final class FhirText {

    private FhirText() {
    }

    /** text, else the first coding's display, else its code. */
    static String concept(JsonNode concept) {
        if (concept == null || concept.isMissingNode() || concept.isNull()) {
            return null;
        }
        String text = text(concept.path("text"));
        if (text != null) {
            return text;
        }
        for (JsonNode coding : concept.path("coding")) {
            String display = text(coding.path("display"));
            if (display != null) {
                return display;
            }
        }
        for (JsonNode coding : concept.path("coding")) {
            String code = text(coding.path("code"));
            if (code != null) {
                return code;
            }
        }
        return null;
    }

    /** The first code of a CodeableConcept or Coding, for matching well-known values such as encounter classes. */
    static String code(JsonNode conceptOrCoding) {
        String direct = text(conceptOrCoding.path("code"));
        if (direct != null) {
            return direct;
        }
        for (JsonNode coding : conceptOrCoding.path("coding")) {
            String code = text(coding.path("code"));
            if (code != null) {
                return code;
            }
        }
        return null;
    }

    /** A Reference's display, for medicationReference and the like. */
    static String referenceDisplay(JsonNode reference) {
        return text(reference.path("display"));
    }

    /** "7.2 %", "120 mmHg"; the unit falls back to the UCUM code; null without a value. */
    static String quantity(JsonNode quantity) {
        JsonNode value = quantity.path("value");
        if (!value.isNumber()) {
            return null;
        }
        String number = plain(value.decimalValue());
        String comparator = text(quantity.path("comparator"));
        String unit = text(quantity.path("unit"));
        if (unit == null) {
            unit = text(quantity.path("code"));
        }
        return (comparator == null ? "" : comparator) + number + (unit == null ? "" : " " + unit);
    }

    /** The value[x] of an Observation or one of its components, as text. */
    static String value(JsonNode element) {
        if (element.has("valueQuantity")) {
            return quantity(element.path("valueQuantity"));
        }
        if (element.has("valueCodeableConcept")) {
            return concept(element.path("valueCodeableConcept"));
        }
        if (element.has("valueString")) {
            return text(element.path("valueString"));
        }
        if (element.has("valueBoolean")) {
            return element.path("valueBoolean").asBoolean() ? "✓" : "✗";
        }
        if (element.has("valueInteger")) {
            return element.path("valueInteger").asText();
        }
        if (element.has("valueRange")) {
            String low = quantity(element.path("valueRange").path("low"));
            String high = quantity(element.path("valueRange").path("high"));
            return (low == null ? "" : low) + "–" + (high == null ? "" : high);
        }
        return null;
    }

    /**
     * A blood-pressure style reading: the component values joined with "/", sharing the unit when they all
     * have the same one ("120/80 mmHg" rather than "120 mmHg/80 mmHg").
     */
    static String components(JsonNode resource) {
        List<String> numbers = new ArrayList<>();
        List<String> units = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (JsonNode component : resource.path("component")) {
            JsonNode quantity = component.path("valueQuantity");
            if (quantity.path("value").isNumber()) {
                numbers.add(plain(quantity.path("value").decimalValue()));
                String unit = text(quantity.path("unit"));
                units.add(unit == null ? text(quantity.path("code")) : unit);
            } else {
                String value = value(component);
                if (value != null) {
                    String name = concept(component.path("code"));
                    others.add(name == null ? value : name + " " + value);
                }
            }
        }
        if (!numbers.isEmpty() && others.isEmpty()) {
            boolean sameUnit = units.stream().distinct().count() == 1 && units.getFirst() != null;
            if (sameUnit) {
                return String.join("/", numbers) + " " + units.getFirst();
            }
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            parts.add(numbers.get(i) + (units.get(i) == null ? "" : " " + units.get(i)));
        }
        parts.addAll(others);
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** A non-blank string value, stripped; null otherwise. */
    static String text(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return null;
        }
        String text = node.asText().strip();
        return text.isEmpty() ? null : text;
    }

    /** The first of the named properties that holds text. */
    static String firstText(JsonNode resource, String... properties) {
        for (String property : properties) {
            String text = text(resource.path(property));
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    /**
     * A FHIR date, dateTime or instant ("2025", "2025-01", "2025-01-10", "2025-01-10T09:00:00+08:00") as a
     * point in time for sorting plus what to show, in the city's zone; null when absent or unreadable.
     */
    static When when(String value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() > 10) {
                Instant instant = OffsetDateTime.parse(value).toInstant();
                return new When(instant, instant.atZone(FhirDates.LOCAL_ZONE).toLocalDate(), true);
            }
            LocalDate date = switch (value.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(value), 1, 1);
                case 7 -> YearMonth.parse(value).atDay(1);
                default -> LocalDate.parse(value);
            };
            return new When(date.atStartOfDay(FhirDates.LOCAL_ZONE).toInstant(), date, false);
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    /** The first readable date among the given dateTime/Period properties: "onsetDateTime", "period" (its start)… */
    static When firstWhen(JsonNode resource, String... properties) {
        for (String property : properties) {
            JsonNode node = resource.path(property);
            String value = node.isObject() ? text(node.path("start")) : text(node);
            When when = when(value);
            if (when != null) {
                return when;
            }
        }
        return null;
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    /** When something happened: the instant for ordering, the local date for grouping, whether a time of day is known. */
    record When(Instant instant, LocalDate date, boolean hasTime) {
    }
}
