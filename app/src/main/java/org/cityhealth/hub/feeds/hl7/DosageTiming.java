package org.cityhealth.hub.feeds.hl7;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a medication is taken: the repeat pattern of an order (HL7 table 0335, as HIS send it in RXE-1's interval or in
 * a TQ1 segment) → a FHIR Timing with frequency per period, the pattern as its code, the order's start and end as
 * bounds; PRN, as the priority (TQ1-9, TQ's sixth component) or after the pattern, makes the dosage "as needed". A
 * pattern this does not know is kept as the code's text.
 */
final class DosageTiming {

    /** GTS abbreviations (FHIR's Timing.code value set) that are also table 0335 patterns. */
    private static final Set<String> GTS = Set.of("BID", "TID", "QID", "QD", "QOD", "AM", "PM", "Q1H", "Q2H", "Q3H", "Q4H", "Q6H", "Q8H");
    private static final String GTS_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation";
    /** Fixed patterns: times, period, unit and the time of day (null when any). */
    private static final Map<String, Repeat> FIXED = Map.ofEntries(
            Map.entry("QD", new Repeat(1, 1, "d", null)), Map.entry("BID", new Repeat(2, 1, "d", null)),
            Map.entry("TID", new Repeat(3, 1, "d", null)), Map.entry("QID", new Repeat(4, 1, "d", null)),
            Map.entry("QOD", new Repeat(1, 2, "d", null)), Map.entry("QW", new Repeat(1, 1, "wk", null)),
            Map.entry("BIW", new Repeat(2, 1, "wk", null)), Map.entry("TIW", new Repeat(3, 1, "wk", null)),
            Map.entry("QAM", new Repeat(1, 1, "d", "MORN")), Map.entry("AM", new Repeat(1, 1, "d", "MORN")),
            Map.entry("QPM", new Repeat(1, 1, "d", "EVE")), Map.entry("PM", new Repeat(1, 1, "d", "EVE")),
            Map.entry("QHS", new Repeat(1, 1, "d", "HS")), Map.entry("HS", new Repeat(1, 1, "d", "HS")),
            // 每晚 (every night), as Chinese HIS write it.
            Map.entry("QN", new Repeat(1, 1, "d", "NIGHT")));
    /** Q<n><unit>: every n seconds, minutes, hours, days, weeks or months (table 0335). */
    private static final Pattern EVERY = Pattern.compile("Q(\\d{1,4})([SMHDWL])");
    private static final Map<String, String> UNITS = Map.of("S", "s", "M", "min", "H", "h", "D", "d", "W", "wk", "L", "mo");
    private static final Set<String> ONCE = Set.of("ONCE", "ST", "STAT", "NOW");

    private record Repeat(int frequency, int period, String unit, String when) {
    }

    private DosageTiming() {
    }

    /** Adds the timing of an RXE (its field 1, TQ) or of the order's TQ1 segment, which wins when present, to {@code dosage}. */
    static void add(Conversion conversion, ObjectNode dosage, Hl7Segment rxe, Hl7Segment tq1) {
        String pattern;
        String start;
        String end;
        String priority;
        if (tq1 != null) {
            pattern = tq1.get(3);
            start = conversion.dateTime(tq1, 7);
            end = conversion.dateTime(tq1, 8);
            priority = tq1.get(9);
        } else if (rxe != null) {
            pattern = rxe.get(1, 0, 2, 1);
            start = conversion.dateTime(rxe.get(1, 0, 4, 1), rxe.location(1));
            end = conversion.dateTime(rxe.get(1, 0, 5, 1), rxe.location(1));
            priority = rxe.get(1, 0, 6, 1);
        } else {
            return;
        }
        // Priority PRN (table 0485) is the standard's "as needed"; HIS often append PRN to the pattern instead.
        if ("PRN".equalsIgnoreCase(priority == null ? "" : priority.strip())) {
            dosage.put("asNeededBoolean", true);
        }
        if (pattern == null && start == null && end == null) {
            return;
        }
        ObjectNode timing = dosage.putObject("timing");
        ObjectNode repeat = conversion.mapper().createObjectNode();
        if (pattern != null) {
            String normalized = pattern.strip().toUpperCase(Locale.ROOT);
            boolean asNeeded = normalized.endsWith("PRN");
            if (asNeeded) {
                dosage.put("asNeededBoolean", true);
                normalized = normalized.substring(0, normalized.length() - 3).strip();
            }
            repeat(normalized, repeat);
            ObjectNode code = GTS.contains(normalized) ? conversion.concept(GTS_SYSTEM, normalized, null) : conversion.mapper().createObjectNode();
            timing.set("code", code.put("text", pattern.strip()));
        }
        if (start != null || end != null) {
            ObjectNode bounds = repeat.putObject("boundsPeriod");
            Conversion.putIfPresent(bounds, "start", start);
            Conversion.putIfPresent(bounds, "end", end);
        }
        if (!repeat.isEmpty()) {
            timing.set("repeat", repeat);
        }
    }

    private static void repeat(String pattern, ObjectNode repeat) {
        Repeat fixed = FIXED.get(pattern);
        Matcher every = EVERY.matcher(pattern);
        if (fixed == null && every.matches()) {
            fixed = new Repeat(1, Integer.parseInt(every.group(1)), UNITS.get(every.group(2)), null);
        }
        if (fixed != null) {
            repeat.put("frequency", fixed.frequency()).put("period", fixed.period()).put("periodUnit", fixed.unit());
            if (fixed.when() != null) {
                repeat.putArray("when").add(fixed.when());
            }
        } else if (ONCE.contains(pattern)) {
            repeat.put("count", 1);
        }
    }
}
