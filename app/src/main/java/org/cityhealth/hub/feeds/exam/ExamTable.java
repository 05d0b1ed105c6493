package org.cityhealth.hub.feeds.exam;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.cityhealth.hub.ingest.IngestException;

/**
 * A file as a table of text cells: the header's column names and the rows below it, each with its row number in
 * the file (1-based, as a spreadsheet shows it) for messages. CSV and Excel files are read into this, so the
 * rest of the conversion does not care which one a centre sends.
 */
record ExamTable(List<String> header, List<Line> lines) {

    /** One row below the header, blank rows left out. */
    record Line(int number, List<String> cells) {
        String cell(int column) {
            return column < cells.size() ? cells.get(column) : "";
        }
    }

    /** The index of each column name; a name appearing twice maps to -1 (ambiguous). */
    Map<String, Integer> columns() {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.merge(header.get(i), i, (a, b) -> -1);
        }
        return columns;
    }

    static ExamTable csv(byte[] raw, Charset charset, char delimiter, int headerRow) {
        String text;
        try {
            text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new IngestException(422, "invalid", "charset", "the file is not " + charset.name()
                    + " text; send its charset in the Content-Type (text/csv; charset=GB18030) or fix the mapping's csv.charset");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> header = null;
        List<Line> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.DEFAULT.builder().setDelimiter(delimiter).get())) {
            for (CSVRecord record : parser) {
                // Row numbers as a spreadsheet would show them; a quoted cell with a line break still counts as one row.
                int number = (int) record.getRecordNumber();
                List<String> cells = record.stream().map(String::strip).toList();
                if (number < headerRow) {
                    continue;
                }
                if (number == headerRow) {
                    header = cells;
                } else if (cells.stream().anyMatch(cell -> !cell.isEmpty())) {
                    lines.add(new Line(number, cells));
                }
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new IngestException(422, "structure", "file", "not readable as CSV: " + e.getMessage());
        }
        if (header == null) {
            throw new IngestException(422, "structure", "row " + headerRow, "the file has no header row " + headerRow);
        }
        return new ExamTable(header, lines);
    }

    static ExamTable excel(byte[] raw, ExamMapping.Excel options) {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(raw))) {
            Sheet sheet = options.sheetName() != null ? workbook.getSheet(options.sheetName())
                    : options.sheetIndex() <= workbook.getNumberOfSheets() ? workbook.getSheetAt(options.sheetIndex() - 1) : null;
            if (sheet == null) {
                throw new IngestException(422, "required", "sheet", "the workbook has no sheet "
                        + (options.sheetName() != null ? "named " + options.sheetName() : options.sheetIndex()));
            }
            List<String> header = null;
            List<Line> lines = new ArrayList<>();
            for (Row row : sheet) {
                int number = row.getRowNum() + 1;
                List<String> cells = new ArrayList<>();
                for (int column = 0; column < Math.max(0, row.getLastCellNum()); column++) {
                    cells.add(text(row.getCell(column)));
                }
                if (number == options.headerRow()) {
                    header = cells;
                } else if (number > options.headerRow() && cells.stream().anyMatch(cell -> !cell.isEmpty())) {
                    lines.add(new Line(number, cells));
                }
            }
            if (header == null) {
                throw new IngestException(422, "structure", "row " + options.headerRow(), "the sheet has no header row " + options.headerRow());
            }
            return new ExamTable(header, lines);
        } catch (IngestException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // POI reports a damaged or foreign file with many exception types; to the sender they all mean the same.
            throw new IngestException(422, "structure", "file", "not a readable Excel workbook (.xlsx or .xls)");
        }
    }

    /** A cell as text: dates as ISO dates, numbers without a spreadsheet's display rounding, errors as Excel shows them. */
    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> cell.getStringCellValue().strip();
            case NUMERIC -> DateUtil.isCellDateFormatted(cell) ? cell.getLocalDateTimeCellValue().toLocalDate().toString()
                    : BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString();
            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
            case ERROR -> FormulaError.forInt(cell.getErrorCellValue()).getString();
            default -> "";
        };
    }
}
