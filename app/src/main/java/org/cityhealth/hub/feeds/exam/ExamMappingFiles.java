package org.cityhealth.hub.feeds.exam;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and checks mapping files: one YAML document whose top-level keys are source codes, each a mapping.
 * Everything a file could get wrong is refused here, at start-up, with one line naming file, source and field:
 * a mistake found while reading a centre's file would refuse every file of that centre instead.
 *
 * <pre>
 * E001:
 *   layout: wide                      # or long: one row per result
 *   csv: {delimiter: ",", charset: GB18030, header-row: 1}
 *   excel: {sheet: 1, header-row: 1}  # sheet by name or 1-based index
 *   columns: {resident-id: 身份证号, name: 姓名, sex: 性别, birth-date: 出生日期, exam-id: 体检号, exam-date: 体检日期}
 *   item-columns: {code: 项目代码, value: 结果, unit: 单位, range: 参考范围, flag: 提示}   # long layout only
 *   results:
 *     - {column: 血红蛋白, loinc: 718-7, display: 血红蛋白, unit: g/L, low: 115, high: 175, group: 血常规}
 *     - {item: URO, local: URO, display: 尿蛋白, group: 尿常规}                          # long: item instead of column
 * </pre>
 */
final class ExamMappingFiles {

    private static final Set<String> MAPPING_KEYS = Set.of("layout", "csv", "excel", "columns", "item-columns", "results");
    private static final Set<String> CSV_KEYS = Set.of("delimiter", "charset", "header-row");
    private static final Set<String> EXCEL_KEYS = Set.of("sheet", "header-row");
    private static final Set<String> COLUMN_KEYS = Set.of("resident-id", "patient-id", "name", "sex", "birth-date", "exam-id", "exam-date");
    private static final Set<String> ITEM_COLUMN_KEYS = Set.of("code", "name", "value", "unit", "range", "flag");
    private static final Set<String> RESULT_KEYS = Set.of("column", "item", "loinc", "local", "display", "unit", "low", "high",
            "category", "group");
    /** FHIR R4 observation-category codes. */
    private static final Set<String> CATEGORIES = Set.of("social-history", "vital-signs", "imaging", "laboratory", "procedure",
            "survey", "exam", "therapy", "activity");
    /** UCUM codes are printable ASCII without spaces: this refuses the usual slips (μmol/L, 次/分, "mmol / L"). */
    private static final Pattern UCUM = Pattern.compile("[!-~]+");
    /** A local code becomes a FHIR code: no leading or trailing blanks, no runs of them. */
    private static final Pattern LOCAL_CODE = Pattern.compile("[^\\s]+( [^\\s]+)*");

    private ExamMappingFiles() {
    }

    /** The mappings of one file, by source code. */
    static Map<String, ExamMapping> read(String file, String yaml) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            throw new InvalidExamMappingException(file, null, null, "not valid YAML: " + e.getProblem()
                    + (e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1)));
        } catch (YAMLException e) {
            throw new InvalidExamMappingException(file, null, null, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (document == null) {
            return Map.of();
        }
        Map<String, ExamMapping> mappings = new LinkedHashMap<>();
        for (Map.Entry<String, Object> source : map(file, null, null, document).entrySet()) {
            mappings.put(source.getKey(), mapping(new Where(file, source.getKey()), source.getValue()));
        }
        return mappings;
    }

    /** Where a value was read, for the one-line message. */
    private record Where(String file, String source) {
        InvalidExamMappingException wrong(String field, String problem) {
            return new InvalidExamMappingException(file, source, field, problem);
        }
    }

    private static ExamMapping mapping(Where where, Object value) {
        Map<String, Object> mapping = section(where, null, value, MAPPING_KEYS);
        String layoutName = text(where, "layout", mapping.get("layout"));
        ExamMapping.Layout layout = switch (layoutName == null ? "wide" : layoutName) {
            case "wide" -> ExamMapping.Layout.WIDE;
            case "long" -> ExamMapping.Layout.LONG;
            default -> throw where.wrong("layout", "'" + layoutName + "' is neither wide nor long");
        };
        ExamMapping.Columns columns = columns(where, mapping.get("columns"));
        ExamMapping.ItemColumns itemColumns = null;
        if (layout == ExamMapping.Layout.LONG) {
            itemColumns = itemColumns(where, mapping.get("item-columns"));
        } else if (mapping.containsKey("item-columns")) {
            throw where.wrong("item-columns", "only a long layout has item columns");
        }
        List<ExamMapping.Result> results = results(where, layout, mapping.get("results"));
        requireDistinctColumns(where, columns, itemColumns, layout == ExamMapping.Layout.WIDE ? results : List.of());
        return new ExamMapping(where.source(), where.file(), layout, csv(where, mapping.get("csv")), excel(where, mapping.get("excel")),
                columns, itemColumns, results);
    }

    private static ExamMapping.Csv csv(Where where, Object value) {
        Map<String, Object> csv = value == null ? Map.of() : section(where, "csv", value, CSV_KEYS);
        // Not stripped: a tab is a delimiter.
        String delimiter = csv.get("delimiter") == null ? null : String.valueOf(csv.get("delimiter"));
        if (delimiter != null && delimiter.length() != 1) {
            throw where.wrong("csv.delimiter", "a delimiter is one character, not '" + delimiter + "'");
        }
        String charsetName = text(where, "csv.charset", csv.get("charset"));
        Charset charset;
        try {
            charset = charsetName == null ? java.nio.charset.StandardCharsets.UTF_8 : Charset.forName(charsetName);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw where.wrong("csv.charset", "unknown charset '" + charsetName + "' (e.g. UTF-8, GB18030)");
        }
        return new ExamMapping.Csv(delimiter == null ? ',' : delimiter.charAt(0), charset, positive(where, "csv.header-row", csv.get("header-row")));
    }

    private static ExamMapping.Excel excel(Where where, Object value) {
        Map<String, Object> excel = value == null ? Map.of() : section(where, "excel", value, EXCEL_KEYS);
        Object sheet = excel.get("sheet");
        int headerRow = positive(where, "excel.header-row", excel.get("header-row"));
        if (sheet instanceof Integer) {
            return new ExamMapping.Excel(null, positive(where, "excel.sheet", sheet), headerRow);
        }
        return new ExamMapping.Excel(text(where, "excel.sheet", sheet), 1, headerRow);
    }

    private static ExamMapping.Columns columns(Where where, Object value) {
        if (value == null) {
            throw where.wrong("columns", "missing: say which columns hold the exam id, the exam date and the resident ID or patient id");
        }
        Map<String, Object> columns = section(where, "columns", value, COLUMN_KEYS);
        Map<String, String> names = new HashMap<>();
        for (String key : COLUMN_KEYS) {
            names.put(key, text(where, "columns." + key, columns.get(key)));
        }
        for (String required : List.of("exam-id", "exam-date")) {
            if (names.get(required) == null) {
                throw where.wrong("columns." + required, "missing: which column holds it?");
            }
        }
        if (names.get("resident-id") == null && names.get("patient-id") == null) {
            throw where.wrong("columns.resident-id", "missing: name the column of the resident ID or of the source's patient id");
        }
        return new ExamMapping.Columns(names.get("resident-id"), names.get("patient-id"), names.get("name"), names.get("sex"),
                names.get("birth-date"), names.get("exam-id"), names.get("exam-date"));
    }

    private static ExamMapping.ItemColumns itemColumns(Where where, Object value) {
        if (value == null) {
            throw where.wrong("item-columns", "missing: a long layout names the columns of the item code and value");
        }
        Map<String, Object> columns = section(where, "item-columns", value, ITEM_COLUMN_KEYS);
        Map<String, String> names = new HashMap<>();
        for (String key : ITEM_COLUMN_KEYS) {
            names.put(key, text(where, "item-columns." + key, columns.get(key)));
        }
        for (String required : List.of("code", "value")) {
            if (names.get(required) == null) {
                throw where.wrong("item-columns." + required, "missing: which column holds it?");
            }
        }
        return new ExamMapping.ItemColumns(names.get("code"), names.get("name"), names.get("value"), names.get("unit"),
                names.get("range"), names.get("flag"));
    }

    private static List<ExamMapping.Result> results(Where where, ExamMapping.Layout layout, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw where.wrong("results", "missing: list the results the files carry");
        }
        String keyName = layout == ExamMapping.Layout.WIDE ? "column" : "item";
        List<ExamMapping.Result> results = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "results[" + (i + 1) + "]";
            Map<String, Object> result = section(where, field, list.get(i), RESULT_KEYS);
            String other = layout == ExamMapping.Layout.WIDE ? "item" : "column";
            if (result.containsKey(other)) {
                throw where.wrong(field + "." + other, "a " + layout.name().toLowerCase() + " layout names each result's " + keyName
                        + ", not its " + other);
            }
            String key = text(where, field + "." + keyName, result.get(keyName));
            if (key == null) {
                throw where.wrong(field + "." + keyName, "missing");
            }
            Integer earlier = seen.putIfAbsent(key, i + 1);
            if (earlier != null) {
                throw where.wrong(field + "." + keyName, "'" + key + "' is already mapped by results[" + earlier + "]");
            }
            String loinc = text(where, field + ".loinc", result.get("loinc"));
            String local = text(where, field + ".local", result.get("local"));
            if ((loinc == null) == (local == null)) {
                throw where.wrong(field, "give either a loinc or a local code");
            }
            if (loinc != null && Loinc.problemWith(loinc) != null) {
                throw where.wrong(field + ".loinc", Loinc.problemWith(loinc));
            }
            if (local != null && !LOCAL_CODE.matcher(local).matches()) {
                throw where.wrong(field + ".local", "'" + local + "' is not a code (no leading, trailing or repeated blanks)");
            }
            String display = text(where, field + ".display", result.get("display"));
            if (display == null) {
                throw where.wrong(field + ".display", "missing: the result's name as shown");
            }
            String unit = null;
            if (result.containsKey("unit")) {
                unit = text(where, field + ".unit", result.get("unit"));
                if (unit == null || !UCUM.matcher(unit).matches()) {
                    throw where.wrong(field + ".unit", "'" + (unit == null ? "" : unit)
                            + "' is not a UCUM unit (printable ASCII without blanks: umol/L, 10*9/L, /min; leave unit out for text results)");
                }
            }
            BigDecimal low = number(where, field + ".low", result.get("low"));
            BigDecimal high = number(where, field + ".high", result.get("high"));
            if ((low != null || high != null) && unit == null) {
                throw where.wrong(field, "a reference range needs a unit: only numeric results have one");
            }
            if (low != null && high != null && low.compareTo(high) > 0) {
                throw where.wrong(field + ".low", "low " + low.toPlainString() + " is above high " + high.toPlainString());
            }
            String category = text(where, field + ".category", result.get("category"));
            if (category != null && !CATEGORIES.contains(category)) {
                throw where.wrong(field + ".category", "'" + category + "' is not an observation category " + new java.util.TreeSet<>(CATEGORIES));
            }
            results.add(new ExamMapping.Result(key, loinc != null ? Loinc.SYSTEM : null, loinc != null ? loinc : local, display, unit,
                    low, high, category == null ? "laboratory" : category, text(where, field + ".group", result.get("group"))));
        }
        return List.copyOf(results);
    }

    /** A column of the file may feed one field only: two fields reading one column is a copy-and-paste slip. */
    private static void requireDistinctColumns(Where where, ExamMapping.Columns columns, ExamMapping.ItemColumns itemColumns,
                                               List<ExamMapping.Result> wideResults) {
        Map<String, String> targets = new HashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("columns.resident-id", columns.residentId());
        fields.put("columns.patient-id", columns.patientId());
        fields.put("columns.name", columns.name());
        fields.put("columns.sex", columns.sex());
        fields.put("columns.birth-date", columns.birthDate());
        fields.put("columns.exam-id", columns.examId());
        fields.put("columns.exam-date", columns.examDate());
        if (itemColumns != null) {
            fields.put("item-columns.code", itemColumns.code());
            fields.put("item-columns.name", itemColumns.name());
            fields.put("item-columns.value", itemColumns.value());
            fields.put("item-columns.unit", itemColumns.unit());
            fields.put("item-columns.range", itemColumns.range());
            fields.put("item-columns.flag", itemColumns.flag());
        }
        for (int i = 0; i < wideResults.size(); i++) {
            fields.put("results[" + (i + 1) + "].column", wideResults.get(i).key());
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (field.getValue() == null) {
                continue;
            }
            String earlier = targets.putIfAbsent(field.getValue(), field.getKey());
            if (earlier != null) {
                throw where.wrong(field.getKey(), "column '" + field.getValue() + "' is already the column of " + earlier);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String file, String source, String field, Object value) {
        if (!(value instanceof Map<?, ?> raw)) {
            throw new InvalidExamMappingException(file, source, field, source == null && field == null
                    ? "expected source codes as top-level keys" : "expected a section of keys");
        }
        Map<String, Object> keyed = new LinkedHashMap<>();
        ((Map<Object, Object>) raw).forEach((key, item) -> keyed.put(String.valueOf(key), item));
        return keyed;
    }

    private static Map<String, Object> section(Where where, String field, Object value, Set<String> allowed) {
        Map<String, Object> section = map(where.file(), where.source(), field == null ? "mapping" : field, value);
        for (String key : section.keySet()) {
            if (!allowed.contains(key)) {
                throw where.wrong(field == null ? key : field + "." + key, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        return section;
    }

    private static String text(Where where, String field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw where.wrong(field, "expected a single value");
        }
        String text = String.valueOf(value).strip();
        return text.isEmpty() ? null : text;
    }

    private static int positive(Where where, String field, Object value) {
        if (value == null) {
            return 1;
        }
        if (!(value instanceof Integer number) || number < 1) {
            throw where.wrong(field, "expected a row or sheet number from 1, not '" + value + "'");
        }
        return number;
    }

    private static BigDecimal number(Where where, String field, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw where.wrong(field, "'" + value + "' is not a number");
        }
    }
}
