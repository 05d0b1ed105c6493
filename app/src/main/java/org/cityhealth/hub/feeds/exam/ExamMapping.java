package org.cityhealth.hub.feeds.exam;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.util.List;

/**
 * How one source's exam files are laid out: the columns of the person and the exam, and for every result
 * either its column ({@link Layout#WIDE}: one row per exam) or its item code ({@link Layout#LONG}: one row per
 * result, with the item's code, value, unit, range and flag in columns). {@code file} is where the mapping was
 * read from, named in every refusal so that a sender and an operator can find the mapping a file was read by.
 */
record ExamMapping(String source, String file, Layout layout, Csv csv, Excel excel, Columns columns, ItemColumns itemColumns,
                   List<Result> results) {

    enum Layout { WIDE, LONG }

    /** CSV options; the charset of the request's Content-Type, when it has one, wins over {@code charset}. */
    record Csv(char delimiter, Charset charset, int headerRow) {
    }

    /** The sheet by name, else by 1-based index; the header's 1-based row. */
    record Excel(String sheetName, int sheetIndex, int headerRow) {
    }

    /** Column names of the person and the exam; a null column is not in this source's files. */
    record Columns(String residentId, String patientId, String name, String sex, String birthDate, String examId, String examDate) {
    }

    /** Columns of the long layout; code and value are required, the others optional. */
    record ItemColumns(String code, String name, String value, String unit, String range, String flag) {
    }

    /**
     * One result: {@code key} is its column (wide) or the file's item code (long). A result with a UCUM
     * {@code unit} is numeric; one without is text (阴性, 未见异常). {@code category} is an Observation
     * category code (laboratory, vital-signs, exam…); {@code group} the heading it is shown under (血常规).
     */
    record Result(String key, String system, String code, String display, String unit, BigDecimal low, BigDecimal high,
                  String category, String group) {

        boolean numeric() {
            return unit != null;
        }
    }
}
