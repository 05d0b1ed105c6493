package org.cityhealth.hub.imaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.cityhealth.dicom.Tag;

/**
 * QIDO-RS query parameters (PS3.18 §8.3.4) as a SQL condition on the index: attributes by keyword or tag, single
 * values, UID lists, {@code *}/{@code ?} wildcards on names, date ranges; {@code limit}, {@code offset};
 * {@code includefield}. Parameters the index cannot match ({@code fuzzymatching}, other attributes) are accepted and
 * ignored: every indexed attribute is always returned. A malformed value is an {@link IllegalArgumentException} (400).
 */
record QidoQuery(String where, List<Object> args, int limit, int offset, Includes includes) {

    /**
     * The {@code includefield} attributes (PS3.18 8.3.4.3), by tag or keyword, or {@code all}: added to the answer
     * from a stored header when the index does not hold them.
     */
    record Includes(boolean all, Set<Integer> tags) {
        static final Includes NONE = new Includes(false, Set.of());

        boolean includes(int tag) {
            return all || tags.contains(tag);
        }

        /** Whether the answer {@code node} lacks any of them (then a header must be read). */
        boolean beyond(JsonNode node) {
            return all || tags.stream().anyMatch(tag -> !node.has(Tag.toHex(tag)));
        }
    }

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** TM as PS3.5 has it: HH, HHMM, HHMMSS or HHMMSS.FFFFFF. */
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3])([0-5][0-9]([0-5][0-9](\\.[0-9]{1,6})?)?)?");

    private static final Map<String, String> KEYWORDS = Map.ofEntries(
            Map.entry("00100020", "PatientID"), Map.entry("00100010", "PatientName"), Map.entry("00080020", "StudyDate"),
            Map.entry("00080030", "StudyTime"),
            Map.entry("0020000D", "StudyInstanceUID"), Map.entry("00080050", "AccessionNumber"), Map.entry("00080061", "ModalitiesInStudy"),
            Map.entry("00080060", "Modality"), Map.entry("0020000E", "SeriesInstanceUID"), Map.entry("00080018", "SOPInstanceUID"),
            Map.entry("00080016", "SOPClassUID"), Map.entry("00200010", "StudyID"), Map.entry("00180015", "BodyPartExamined"),
            Map.entry("00200011", "SeriesNumber"), Map.entry("00200013", "InstanceNumber"));

    /** This query limited to the instances one source sent (a source querying over DIMSE sees no others). */
    QidoQuery ofSource(long sourceId) {
        List<Object> narrowed = new ArrayList<>(args);
        narrowed.add(sourceId);
        return new QidoQuery(where + " and source_id = ?", narrowed, limit, offset, includes);
    }

    /** Parses the query string's parameters, adding the study and series of the path as conditions. */
    static QidoQuery of(Map<String, List<String>> parameters, String studyUid, String seriesUid) {
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        int limit = DEFAULT_LIMIT;
        int offset = 0;
        boolean all = false;
        Set<Integer> included = new LinkedHashSet<>();
        if (studyUid != null) {
            conditions.add("study_instance_uid = ?");
            args.add(studyUid);
        }
        if (seriesUid != null) {
            conditions.add("series_instance_uid = ?");
            args.add(seriesUid);
        }
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String key = parameter.getKey();
            String keyword = KEYWORDS.getOrDefault(key.toUpperCase(Locale.ROOT), key);
            for (String value : parameter.getValue()) {
                if (value == null || value.isEmpty()) {
                    continue;
                }
                switch (keyword) {
                    case "limit" -> limit = bounded(value, "limit", 1, MAX_LIMIT);
                    case "offset" -> offset = bounded(value, "offset", 0, Integer.MAX_VALUE);
                    case "includefield" -> {
                        for (String field : value.split(",")) {
                            if (field.strip().equals("all")) {
                                all = true;
                            } else if (!field.isBlank()) {
                                included.add(tag(field.strip()));
                            }
                        }
                    }
                    case "PatientID" -> equal(conditions, args, "patient_id", value);
                    case "AccessionNumber" -> equal(conditions, args, "accession_number", value);
                    case "StudyID" -> equal(conditions, args, "study_id", value);
                    case "SeriesNumber" -> number(conditions, args, "series_number", value);
                    case "InstanceNumber" -> number(conditions, args, "instance_number", value);
                    case "BodyPartExamined" -> equal(conditions, args, "body_part", value);
                    case "StudyInstanceUID" -> uids(conditions, args, "study_instance_uid", value);
                    case "SeriesInstanceUID" -> uids(conditions, args, "series_instance_uid", value);
                    case "SOPInstanceUID" -> uids(conditions, args, "sop_instance_uid", value);
                    case "SOPClassUID" -> uids(conditions, args, "sop_class_uid", value);
                    case "ModalitiesInStudy", "Modality" -> uids(conditions, args, "modality", value);
                    case "PatientName" -> name(conditions, args, value);
                    case "StudyDate" -> range(conditions, args, "StudyDate", "study_date", value, QidoQuery::date, "");
                    // '~' sorts after every digit and '.': "1200~" is above every time that starts with 1200.
                    case "StudyTime" -> range(conditions, args, "StudyTime", "study_time", value.replace(":", ""), QidoQuery::time, "~");
                    default -> {
                        // fuzzymatching and attributes the index does not hold
                    }
                }
            }
        }
        return new QidoQuery(conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions), args, limit, offset,
                all || !included.isEmpty() ? new Includes(all, Set.copyOf(included)) : Includes.NONE);
    }

    /** An attribute by tag ({@code 00081030}) or keyword ({@code StudyDescription}). */
    private static int tag(String field) {
        if (field.matches("[0-9A-Fa-f]{8}")) {
            return Integer.parseUnsignedInt(field, 16);
        }
        return Tag.forKeyword(field).orElseThrow(() -> new IllegalArgumentException("includefield " + field
                + " is neither a tag (8 hex digits) nor a keyword the hub knows; use the tag"));
    }

    private static int bounded(String value, String name, int min, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number < min) {
                throw new IllegalArgumentException(name + " must be at least " + min);
            }
            return Math.min(number, max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not " + value);
        }
    }

    private static void equal(List<String> conditions, List<Object> args, String column, String value) {
        if (value.contains("*") || value.contains("?")) {
            conditions.add(column + " like ? escape '\\'");
            args.add(like(value));
        } else {
            conditions.add(column + " = ?");
            args.add(value.strip());
        }
    }

    private static void number(List<String> conditions, List<Object> args, String column, String value) {
        try {
            args.add(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column.replace('_', ' ') + " must be a whole number, not " + value);
        }
        conditions.add(column + " = ?");
    }

    /** A value or a comma- or backslash-separated list of values (UID list matching). */
    private static void uids(List<String> conditions, List<Object> args, String column, String value) {
        List<String> values = Arrays.stream(value.split("[,\\\\]")).map(String::strip).filter(v -> !v.isEmpty()).toList();
        if (values.isEmpty()) {
            return;
        }
        conditions.add(column + " in (" + String.join(",", java.util.Collections.nCopies(values.size(), "?")) + ")");
        args.addAll(values);
    }

    /**
     * A name matches as a whole PN value or by any of its groups: {@code 王*} finds {@code Wang^Xiuying=王^秀英}. Without
     * a wildcard the value must equal the name or one of its groups; case is ignored (pinyin arrives in any case).
     */
    private static void name(List<String> conditions, List<Object> args, String value) {
        String pattern = (value.contains("*") || value.contains("?") ? like(value) : escape(value)).toLowerCase(Locale.ROOT);
        String like = "lower(patient_name) like ? escape '\\'";
        // The whole value; the last group; the first group; a middle group ("=" separates the groups of a PN).
        conditions.add("(" + String.join(" or ", java.util.Collections.nCopies(4, like)) + ")");
        args.addAll(List.of(pattern, "%=" + pattern, pattern + "=%", "%=" + pattern + "=%"));
    }

    /**
     * Range matching (PS3.4 C.2.2.2.5) of a DA or TM column: {@code A}, {@code A-B}, {@code -B}, {@code A-}, each bound
     * checked by {@code bound}. The upper bound gets {@code upperSuffix}: for TM, whose values compare as the text they
     * were stored as (as precise as the modality wrote them), {@code 0930} then holds 09:30:00 to 09:30:59. Legacy colons
     * in times are dropped by the caller; StudyTime matches on its own, not combined with StudyDate.
     */
    private static void range(List<String> conditions, List<Object> args, String keyword, String column, String value,
                              UnaryOperator<String> bound, String upperSuffix) {
        String text = value.strip();
        int dash = text.indexOf('-');
        String from = dash < 0 ? text : text.substring(0, dash);
        String to = dash < 0 ? text : text.substring(dash + 1);
        if (from.isEmpty() && to.isEmpty()) {
            throw new IllegalArgumentException(keyword + " needs a value or a range of values (A-B, -B, A-)");
        }
        if (!from.isEmpty()) {
            conditions.add(column + " >= ?");
            args.add(bound.apply(from));
        }
        if (!to.isEmpty()) {
            conditions.add(column + " <= ?");
            args.add(bound.apply(to) + upperSuffix);
        }
    }

    private static String time(String text) {
        if (!TIME.matcher(text).matches()) {
            throw new IllegalArgumentException("StudyTime must be HH, HHMM, HHMMSS or HHMMSS.FFFFFF, or a range of such times, not " + text);
        }
        return text;
    }

    private static String date(String text) {
        if (ImagingStudies.date(text) == null) {
            throw new IllegalArgumentException("StudyDate must be YYYYMMDD or a range of such dates, not " + text);
        }
        return text;
    }

    private static String like(String value) {
        return escape(value.strip()).replace('*', '%').replace('?', '_');
    }

    private static String escape(String value) {
        return value.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
