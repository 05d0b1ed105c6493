package org.cityhealth.hub.feeds.exam;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.feeds.exam.ExamRecords.Exam;
import org.cityhealth.hub.feeds.exam.ExamRecords.Measured;
import org.cityhealth.hub.feeds.exam.ExamRecords.Person;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.identity.ResidentId;

/**
 * Reads the exams out of a table by a source's mapping.
 *
 * <p>All or nothing: a file with one unreadable cell is refused whole, naming the row and the column, and nothing
 * of it is stored. A centre re-exports and resends the corrected file, which then replaces nothing twice (ids are
 * derived from the exam id and the item). Storing the readable rows would leave exams silently incomplete, and a
 * later resend of the whole file would not tell which rows had been missing.
 */
final class ExamRows {

    /** Comparator, then a decimal number (full-width digits are not expected: centres export ASCII numbers). */
    private static final Pattern NUMBER = Pattern.compile("(<=|>=|≤|≥|<|>)?\\s*([-+]?\\d+(?:\\.\\d+)?)");
    private static final Pattern DATE = Pattern.compile("(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?(?:[ T].*)?");
    private static final Pattern COMPACT_DATE = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    /** A range as printed on reports: 3.5-9.5, 3.5~9.5, 3.5–9.5; or one bound: <5.2, ≤5.2, >1.0. */
    private static final Pattern RANGE = Pattern.compile("([-+]?\\d+(?:\\.\\d+)?)\\s*(?:-|~|～|–|—|至)\\s*([-+]?\\d+(?:\\.\\d+)?)");
    private static final Pattern UPPER = Pattern.compile("(?:<|<=|≤|＜)\\s*([-+]?\\d+(?:\\.\\d+)?)");
    private static final Pattern LOWER = Pattern.compile("(?:>|>=|≥|＞)\\s*([-+]?\\d+(?:\\.\\d+)?)");

    private final ExamMapping mapping;
    private final Map<String, Integer> columns;

    private ExamRows(ExamMapping mapping, ExamTable table) {
        this.mapping = mapping;
        this.columns = table.columns();
    }

    static List<Exam> read(ExamMapping mapping, ExamTable table) {
        return new ExamRows(mapping, table).read(table);
    }

    private List<Exam> read(ExamTable table) {
        ExamMapping.Columns names = mapping.columns();
        Columns person = new Columns(optional(names.residentId(), "resident-id"), optional(names.patientId(), "patient-id"),
                optional(names.name(), "name"), optional(names.sex(), "sex"), optional(names.birthDate(), "birth-date"),
                required(names.examId(), "columns.exam-id"), required(names.examDate(), "columns.exam-date"));
        return mapping.layout() == ExamMapping.Layout.WIDE ? wide(table, person) : tall(table, person);
    }

    private record Columns(Integer residentId, Integer patientId, Integer name, Integer sex, Integer birthDate, int examId, int examDate) {
    }

    private List<Exam> wide(ExamTable table, Columns person) {
        Map<String, Integer> resultColumns = new LinkedHashMap<>();
        for (ExamMapping.Result result : mapping.results()) {
            resultColumns.put(result.key(), required(result.key(), "results '" + result.display() + "'"));
        }
        Map<String, Integer> examRows = new HashMap<>();
        List<Exam> exams = new ArrayList<>();
        for (ExamTable.Line line : table.lines()) {
            String examId = nonEmpty(line, person.examId(), mapping.columns().examId());
            Integer earlier = examRows.putIfAbsent(examId, line.number());
            if (earlier != null) {
                throw refuse(line, mapping.columns().examId(), "exam " + examId + " is already in row " + earlier);
            }
            List<Measured> results = new ArrayList<>();
            for (ExamMapping.Result result : mapping.results()) {
                String value = line.cell(resultColumns.get(result.key()));
                if (!value.isEmpty()) {
                    results.add(measured(line, result.key(), result, value, null, null, null));
                }
            }
            exams.add(new Exam(examId, date(line, person.examDate(), mapping.columns().examDate()), person(line, person), results));
        }
        return exams;
    }

    /** The long layout: rows of one exam id make one exam; the person and date come from its first row. */
    private List<Exam> tall(ExamTable table, Columns person) {
        ExamMapping.ItemColumns items = mapping.itemColumns();
        int code = required(items.code(), "item-columns.code");
        int value = required(items.value(), "item-columns.value");
        Integer unit = items.unit() == null ? null : required(items.unit(), "item-columns.unit");
        Integer range = items.range() == null ? null : required(items.range(), "item-columns.range");
        Integer flag = items.flag() == null ? null : required(items.flag(), "item-columns.flag");
        if (items.name() != null) {
            required(items.name(), "item-columns.name");
        }
        Map<String, ExamMapping.Result> byCode = new HashMap<>();
        mapping.results().forEach(result -> byCode.put(result.key(), result));
        Map<String, Exam> exams = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> itemRows = new HashMap<>();
        for (ExamTable.Line line : table.lines()) {
            String examId = nonEmpty(line, person.examId(), mapping.columns().examId());
            LocalDate date = date(line, person.examDate(), mapping.columns().examDate());
            Exam exam = exams.computeIfAbsent(examId, id -> new Exam(id, date, person(line, person), new ArrayList<>()));
            if (!exam.date().equals(date)) {
                throw refuse(line, mapping.columns().examDate(), "exam " + examId + " has the date " + exam.date() + " in an earlier row");
            }
            String itemCode = nonEmpty(line, code, items.code());
            ExamMapping.Result result = byCode.get(itemCode);
            if (result == null) {
                throw refuse(line, items.code(), "item " + itemCode + " is not in exam mapping " + mapping.source() + " ("
                        + mapping.file() + "); add it there");
            }
            Integer earlier = itemRows.computeIfAbsent(examId, id -> new HashMap<>()).putIfAbsent(itemCode, line.number());
            if (earlier != null) {
                throw refuse(line, items.code(), "exam " + examId + " has item " + itemCode + " already in row " + earlier);
            }
            String text = line.cell(value);
            if (!text.isEmpty()) {
                exam.results().add(measured(line, items.value(), result, text, unit == null ? null : line.cell(unit),
                        range == null ? null : line.cell(range), flag == null ? null : flag(line, items.flag(), line.cell(flag))));
            }
        }
        return List.copyOf(exams.values());
    }

    private Measured measured(ExamTable.Line line, String column, ExamMapping.Result item, String value, String unitShown, String range,
                              String flag) {
        BigDecimal low = item.low();
        BigDecimal high = item.high();
        String rangeText = null;
        if (range != null && !range.isEmpty()) {
            // The file's range is the one printed on this report; the mapping's is the default for files without one.
            rangeText = range;
            Matcher both = RANGE.matcher(range);
            Matcher upper = UPPER.matcher(range);
            Matcher lower = LOWER.matcher(range);
            if (both.matches()) {
                low = new BigDecimal(both.group(1));
                high = new BigDecimal(both.group(2));
                rangeText = null;
            } else if (upper.matches()) {
                low = null;
                high = new BigDecimal(upper.group(1));
                rangeText = null;
            } else if (lower.matches()) {
                low = new BigDecimal(lower.group(1));
                high = null;
                rangeText = null;
            } else {
                low = null;
                high = null;
            }
        }
        String shown = unitShown == null || unitShown.isEmpty() ? item.unit() : unitShown;
        if (!item.numeric()) {
            return new Measured(item, value, null, null, null, null, null, rangeText, flag);
        }
        Matcher number = NUMBER.matcher(value);
        if (!number.matches()) {
            throw refuse(line, column, "'" + value + "' is not a number (" + item.display() + " is numeric in " + item.unit() + ")");
        }
        String comparator = number.group(1) == null ? null : switch (number.group(1)) {
            case "≤" -> "<=";
            case "≥" -> ">=";
            default -> number.group(1);
        };
        BigDecimal amount = new BigDecimal(number.group(2));
        if (flag == null && comparator == null) {
            flag = high != null && amount.compareTo(high) > 0 ? "H" : low != null && amount.compareTo(low) < 0 ? "L"
                    : low != null || high != null ? "N" : null;
        }
        return new Measured(item, null, amount, comparator, shown, low, high, rangeText, flag);
    }

    private Person person(ExamTable.Line line, Columns columns) {
        String residentId = null;
        if (columns.residentId() != null && !line.cell(columns.residentId()).isEmpty()) {
            String text = line.cell(columns.residentId());
            Optional<ResidentId> parsed = ResidentId.parse(text);
            if (parsed.isEmpty()) {
                throw refuse(line, mapping.columns().residentId(), "not a valid resident ID: " + ResidentId.problemWith(text.strip().toUpperCase()));
            }
            residentId = parsed.get().value();
        }
        String patientId = columns.patientId() == null ? null : emptyToNull(line.cell(columns.patientId()));
        if (residentId == null && patientId == null) {
            throw refuse(line, mapping.columns().residentId() != null ? mapping.columns().residentId() : mapping.columns().patientId(),
                    "the row names nobody: it has neither a resident ID nor a patient id");
        }
        String gender = null;
        if (columns.sex() != null) {
            String sex = line.cell(columns.sex());
            gender = switch (sex.toLowerCase()) {
                case "男", "m", "male", "1" -> "male";
                case "女", "f", "female", "2" -> "female";
                case "", "未知", "unknown", "0", "9" -> null;
                default -> throw refuse(line, mapping.columns().sex(), "'" + sex + "' is not a sex (男, 女, M, F, 1, 2)");
            };
        }
        LocalDate birthDate = columns.birthDate() == null || line.cell(columns.birthDate()).isEmpty() ? null
                : date(line, columns.birthDate(), mapping.columns().birthDate());
        return new Person(residentId, patientId, columns.name() == null ? null : emptyToNull(line.cell(columns.name())), gender, birthDate);
    }

    private String flag(ExamTable.Line line, String column, String text) {
        return switch (text.strip().toUpperCase()) {
            case "" -> null;
            case "H", "HH", "↑", "高", "偏高" -> "H";
            case "L", "LL", "↓", "低", "偏低" -> "L";
            case "N", "正常" -> "N";
            case "A", "异常", "阳性" -> "A";
            default -> throw refuse(line, column, "'" + text + "' is not a flag (H, L, N, A, ↑, ↓)");
        };
    }

    private LocalDate date(ExamTable.Line line, int column, String name) {
        String text = nonEmpty(line, column, name);
        Matcher matcher = DATE.matcher(text);
        if (!matcher.matches()) {
            matcher = COMPACT_DATE.matcher(text);
        }
        try {
            if (matcher.matches()) {
                return LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
            }
        } catch (DateTimeException e) {
            // Falls through to the refusal below: 2024-02-30 is as unreadable as "next week".
        }
        throw refuse(line, name, "'" + text + "' is not a date (2024-05-01, 2024/5/1, 20240501)");
    }

    private String nonEmpty(ExamTable.Line line, int column, String name) {
        String text = line.cell(column);
        if (text.isEmpty()) {
            throw refuse(line, name, "empty");
        }
        return text;
    }

    private Integer optional(String column, String field) {
        return column == null ? null : required(column, "columns." + field);
    }

    /** The index of a column the mapping names; a file without it is refused as a whole. */
    private int required(String column, String field) {
        Integer index = columns.get(column);
        if (index == null) {
            throw new IngestException(422, "required", "column " + column, "the file has no column '" + column + "', which exam mapping "
                    + mapping.source() + " (" + mapping.file() + ") names for " + field);
        }
        if (index < 0) {
            throw new IngestException(422, "structure", "column " + column, "the file has two columns named '" + column + "'");
        }
        return index;
    }

    private static IngestException refuse(ExamTable.Line line, String column, String problem) {
        return new IngestException(422, "invalid", "row " + line.number() + ", column " + column, problem);
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
