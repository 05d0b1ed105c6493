package org.cityhealth.hub.web;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.fontbox.cmap.CMap;
import org.apache.fontbox.cmap.CMapParser;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.cityhealth.hub.store.FhirDates;

/**
 * A citizen's whole record across hospitals as a printable A4 PDF, the readable companion of the FHIR Bundle
 * download: who they are, the summary lists, then every timeline entry oldest first as a table that repeats
 * its header on each page.
 *
 * <p>All text is set in STSong-Light, one of the CJK fonts the PDF standard predefines (Adobe-GB1), not
 * embedded: no CJK font ships with the JDK or in Maven Central under a licence we may bundle, and the server
 * need not have one installed. PDF readers supply the font (Acrobat, pdf.js, poppler with poppler-data).
 * PDFBox has no API for writing such a font, so the font dictionaries and the content streams are written
 * here at the COS level, with text as UTF-16 code units through the predefined CMap UniGB-UCS2-H.
 *
 * <p>The output depends only on the arguments: the same record and {@code generatedAt} give the same bytes.
 */
final class RecordPdf {

    private static final PDRectangle PAGE = PDRectangle.A4;
    /** Left and right margin; also where the body starts from the top. */
    private static final float MARGIN = 42;
    private static final float TOP = PAGE.getHeight() - MARGIN;
    /** The body stops here; below are the footer's rule and two lines. */
    private static final float BOTTOM = 60;
    private static final float CONTENT_WIDTH = PAGE.getWidth() - 2 * MARGIN;
    /** Baseline below the top of a line box, as a fraction of the font size: the font's ascent. */
    private static final float ASCENT = 0.88f;
    /** Line height as a multiple of the font size; CJK text needs more air than Latin. */
    private static final float LEADING = 1.4f;
    private static final float TITLE_SIZE = 18;
    private static final float HEADING_SIZE = 12;
    private static final float BODY_SIZE = 9.5f;
    private static final float TABLE_SIZE = 8;
    private static final float FOOTER_SIZE = 7.5f;
    /** Space between a table cell's border and its text. */
    private static final float CELL_PADDING = 3;
    /** Width of the label column in the personal details block. */
    private static final float LABEL_WIDTH = 78;
    /** Timeline column widths in points; the status column takes what remains of the text width. */
    private static final float[] COLUMN_WIDTHS = {58, 96, 52, 112, 134};
    /** A row taller than a fresh page is split, but not to leave fewer lines than this at the bottom of a page. */
    private static final int MIN_SPLIT_LINES = 3;
    /** The resource name of the one font every page uses. */
    private static final COSName FONT = COSName.getPDFName("F1");
    /** Glyph widths in thousandths of the font size, as the font's /W and /DW declare them. */
    private static final int NARROW = 500;
    private static final int WIDE = 1000;
    /** Closing punctuation that Chinese typesetting never puts at the start of a line: it stays with the word before. */
    private static final String NO_LINE_START = "，。、；：？！）》」』】”’…,.;:?!)]}%";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(FhirDates.LOCAL_ZONE);

    byte[] render(PersonRecord record, Map<Long, String> sourceNames, Locale locale, Instant generatedAt) {
        requireNonNull(record, "record is null");
        requireNonNull(sourceNames, "sourceNames is null");
        requireNonNull(locale, "locale is null");
        requireNonNull(generatedAt, "generatedAt is null");
        Words words = Words.of(locale);
        Hospitals hospitals = new Hospitals(record, sourceNames);
        Sheet sheet = new Sheet();
        details(sheet, record, hospitals, words, generatedAt);
        summary(sheet, record.summary(), hospitals, words);
        timeline(sheet, record, hospitals, words);
        String title = record.demographics().name() == null ? words.title() : words.title() + " · " + record.demographics().name();
        return sheet.toPdf(title, words, generatedAt);
    }

    private static void details(Sheet sheet, PersonRecord record, Hospitals hospitals, Words words, Instant generatedAt) {
        sheet.text(MARGIN, TITLE_SIZE, words.title(), true, 0);
        sheet.down(TITLE_SIZE * LEADING + 4);
        Demographics person = record.demographics();
        List<String> holding = record.patients().stream().map(hospitals::ofPatient).distinct().toList();
        detail(sheet, words.name(), orDash(person.name()));
        detail(sheet, words.gender(), person.gender() == null ? "—" : words.gender(person.gender()));
        detail(sheet, words.birthDate(), person.birthDate() == null ? "—" : person.birthDate().toString());
        detail(sheet, words.hospitals(), holding.isEmpty() ? "—" : String.join(words.listSeparator(), holding));
        detail(sheet, words.generated(), MINUTES.format(generatedAt));
        if (record.truncated()) {
            sheet.down(4);
            paragraph(sheet, MARGIN, CONTENT_WIDTH, words.truncated(record.resourceCount()), 0.35f);
        }
        sheet.down(6);
        sheet.rule(MARGIN, PAGE.getWidth() - MARGIN, 0.6f, 0.75f);
        sheet.down(10);
    }

    private static void detail(Sheet sheet, String label, String value) {
        List<String> lines = wrap(value, CONTENT_WIDTH - LABEL_WIDTH, BODY_SIZE);
        for (int i = 0; i < lines.size(); i++) {
            sheet.breakUnless(BODY_SIZE * LEADING);
            if (i == 0) {
                sheet.text(MARGIN, BODY_SIZE, label, false, 0.4f);
            }
            sheet.text(MARGIN + LABEL_WIDTH, BODY_SIZE, lines.get(i), false, 0);
            sheet.down(BODY_SIZE * LEADING);
        }
    }

    private static void summary(Sheet sheet, PersonSummary summary, Hospitals hospitals, Words words) {
        summaryList(sheet, words.problems(), summary.problems(), words.none(), hospitals, words);
        summaryList(sheet, words.medications(), summary.medications(), words.none(), hospitals, words);
        summaryList(sheet, words.allergies(), summary.allergies(), words.noAllergies(), hospitals, words);
    }

    private static void summaryList(Sheet sheet, String heading, List<PersonSummary.Item> items, String empty, Hospitals hospitals,
                                    Words words) {
        heading(sheet, heading, BODY_SIZE * LEADING);
        if (items.isEmpty()) {
            paragraph(sheet, MARGIN + 10, CONTENT_WIDTH - 10, empty, 0.4f);
        }
        for (PersonSummary.Item item : items) {
            StringBuilder line = new StringBuilder(orDash(item.title()));
            if (item.detail() != null) {
                line.append(" — ").append(item.detail());
            }
            List<String> notes = new ArrayList<>();
            if (item.since() != null) {
                notes.add(words.since(item.since()));
            }
            if (!item.sources().isEmpty()) {
                notes.add(String.join(words.listSeparator(), item.sources().stream().map(hospitals::ofCode).toList()));
            }
            if (!notes.isEmpty()) {
                line.append(words.open()).append(String.join(words.noteSeparator(), notes)).append(words.close());
            }
            sheet.breakUnless(BODY_SIZE * LEADING);
            sheet.fill(MARGIN + 3, sheet.y() - BODY_SIZE * 0.62f, 3, 3, 0.45f);
            paragraph(sheet, MARGIN + 14, CONTENT_WIDTH - 14, line.toString(), 0);
        }
        sheet.down(8);
    }

    /** A section heading, on a new page unless {@code keepWith} more fits below it: a heading never ends a page. */
    private static void heading(Sheet sheet, String heading, float keepWith) {
        sheet.breakUnless(HEADING_SIZE * LEADING + keepWith);
        sheet.text(MARGIN, HEADING_SIZE, heading, true, 0);
        sheet.down(HEADING_SIZE * LEADING);
    }

    private static void paragraph(Sheet sheet, float x, float width, String text, float gray) {
        for (String line : wrap(text, width, BODY_SIZE)) {
            sheet.breakUnless(BODY_SIZE * LEADING);
            sheet.text(x, BODY_SIZE, line, false, gray);
            sheet.down(BODY_SIZE * LEADING);
        }
    }

    private static void timeline(Sheet sheet, PersonRecord record, Hospitals hospitals, Words words) {
        List<ClinicalEntry> entries = chronological(record.timeline());
        if (entries.isEmpty()) {
            heading(sheet, words.timeline(), BODY_SIZE * LEADING);
            paragraph(sheet, MARGIN, CONTENT_WIDTH, words.noEntries(), 0.4f);
            return;
        }
        Table table = new Table(sheet, words.columns());
        heading(sheet, words.timeline(), table.headerHeight() + Table.height(1));
        table.header();
        for (ClinicalEntry entry : entries) {
            String date = entry.date() == null ? words.undated()
                    : entry.time() == null ? entry.date().toString() : entry.date() + " " + entry.time();
            table.row(List.of(date, hospitals.ofEntry(entry), orEmpty(entry.typeLabel()), orEmpty(entry.title()),
                    orEmpty(entry.detail()), orEmpty(entry.status())));
        }
    }

    /** Oldest first, as a history is read; entries without a date last. Ties are broken so the order never depends on input order. */
    private static List<ClinicalEntry> chronological(PersonTimeline timeline) {
        Comparator<String> text = Comparator.nullsFirst(Comparator.naturalOrder());
        return timeline.rows().stream().flatMap(row -> row.cells().stream()).flatMap(List::stream)
                .sorted(Comparator.comparing((ClinicalEntry entry) -> entry.date() == null)
                        .thenComparingLong(ClinicalEntry::sortKey)
                        .thenComparingLong(ClinicalEntry::sourceId)
                        .thenComparing(ClinicalEntry::type, text)
                        .thenComparing(ClinicalEntry::title, text)
                        .thenComparing(ClinicalEntry::id, text))
                .toList();
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "—" : text;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** The timeline table: a header row on every page it runs over, rows that wrap their cells. */
    private static final class Table {

        private final Sheet sheet;
        private final float[] widths;
        private final List<List<String>> header;
        /** Lines of a row that fit on a page holding only the header: splitting a row gains nothing beyond this. */
        private final int freshRoom;

        Table(Sheet sheet, List<String> headers) {
            this.sheet = sheet;
            this.widths = new float[headers.size()];
            float used = 0;
            for (int i = 0; i < COLUMN_WIDTHS.length; i++) {
                widths[i] = COLUMN_WIDTHS[i];
                used += COLUMN_WIDTHS[i];
            }
            widths[widths.length - 1] = CONTENT_WIDTH - used;
            this.header = cells(headers);
            this.freshRoom = room(TOP - headerHeight());
        }

        float headerHeight() {
            return height(lineCount(header));
        }

        void header() {
            sheet.fill(MARGIN, sheet.y() - headerHeight(), CONTENT_WIDTH, headerHeight(), 0.9f);
            draw(header, 0, lineCount(header), true);
            sheet.rule(MARGIN, MARGIN + CONTENT_WIDTH, 0.6f, 0.5f);
        }

        void row(List<String> values) {
            List<List<String>> cells = cells(values);
            int lines = lineCount(cells);
            int from = 0;
            while (from < lines) {
                int room = room(sheet.y());
                int rest = lines - from;
                if (rest > room && (rest <= freshRoom || room < MIN_SPLIT_LINES)) {
                    newPage();
                    continue;
                }
                int to = from + Math.min(rest, room);
                draw(cells, from, to, false);
                sheet.rule(MARGIN, MARGIN + CONTENT_WIDTH, 0.3f, 0.8f);
                from = to;
                if (from < lines) {
                    newPage();
                }
            }
        }

        private void newPage() {
            sheet.newPage();
            header();
        }

        /** Draws lines [from, to) of every cell as one row and moves below it. */
        private void draw(List<List<String>> cells, int from, int to, boolean bold) {
            float x = MARGIN;
            for (int column = 0; column < cells.size(); column++) {
                List<String> lines = cells.get(column);
                for (int line = from; line < Math.min(to, lines.size()); line++) {
                    float top = sheet.y() - CELL_PADDING - (line - from) * TABLE_SIZE * LEADING;
                    sheet.textAt(x + CELL_PADDING, top, TABLE_SIZE, lines.get(line), bold, 0);
                }
                x += widths[column];
            }
            sheet.down(height(to - from));
        }

        private List<List<String>> cells(List<String> values) {
            List<List<String>> cells = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                cells.add(wrap(values.get(i), widths[i] - 2 * CELL_PADDING, TABLE_SIZE));
            }
            return cells;
        }

        /** How many lines of a row fit between {@code top} and the bottom of the body. */
        private static int room(float top) {
            return (int) Math.floor((top - BOTTOM - 2 * CELL_PADDING) / (TABLE_SIZE * LEADING));
        }

        static float height(int lines) {
            return 2 * CELL_PADDING + lines * TABLE_SIZE * LEADING;
        }

        private static int lineCount(List<List<String>> cells) {
            return Math.max(1, cells.stream().mapToInt(List::size).max().orElse(1));
        }
    }

    /** Hospital names for the three ways the record refers to a source: by id, by code, by a patient link. */
    private static final class Hospitals {

        private final Map<Long, String> sourceNames;
        private final Map<Long, String> laneNames = new LinkedHashMap<>();
        private final Map<String, String> byCode = new LinkedHashMap<>();

        Hospitals(PersonRecord record, Map<Long, String> sourceNames) {
            this.sourceNames = sourceNames;
            for (PersonTimeline.Lane lane : record.timeline().lanes()) {
                laneNames.put(lane.sourceId(), lane.name());
                byCode.put(lane.code(), sourceNames.getOrDefault(lane.sourceId(), lane.name()));
            }
            for (PersonRecord.LinkedPatient patient : record.patients()) {
                if (patient.sourceName() != null) {
                    byCode.putIfAbsent(patient.sourceCode(), patient.sourceName());
                }
            }
        }

        String ofEntry(ClinicalEntry entry) {
            String name = sourceNames.getOrDefault(entry.sourceId(), laneNames.get(entry.sourceId()));
            return name == null ? "#" + entry.sourceId() : name;
        }

        String ofCode(String code) {
            return byCode.getOrDefault(code, code);
        }

        String ofPatient(PersonRecord.LinkedPatient patient) {
            return patient.sourceName() != null ? patient.sourceName() : ofCode(patient.sourceCode());
        }
    }

    /**
     * Pages being laid out: each page's content stream as operators, and a cursor {@code y} at the top of the
     * next line box. Footers are added when the page count is known.
     */
    private static final class Sheet {

        private final List<StringBuilder> pages = new ArrayList<>();
        private StringBuilder page;
        private float y;

        Sheet() {
            newPage();
        }

        void newPage() {
            page = new StringBuilder();
            pages.add(page);
            y = TOP;
        }

        float y() {
            return y;
        }

        void down(float height) {
            y -= height;
        }

        /** Starts a new page unless {@code height} more fits on this one. */
        void breakUnless(float height) {
            if (y - height < BOTTOM) {
                newPage();
            }
        }

        /** One line of text in the line box at the cursor; the text must already fit. */
        void text(float x, float size, String text, boolean bold, float gray) {
            textAt(x, y, size, text, bold, gray);
        }

        void textAt(float x, float top, float size, String text, boolean bold, float gray) {
            show(page, x, top - size * ASCENT, size, text, bold, gray);
        }

        void fill(float x, float bottom, float width, float height, float gray) {
            page.append(number(gray)).append(" g ").append(number(x)).append(' ').append(number(bottom)).append(' ')
                    .append(number(width)).append(' ').append(number(height)).append(" re f 0 g\n");
        }

        /** A horizontal line at the cursor. */
        void rule(float from, float to, float width, float gray) {
            line(page, from, to, y, width, gray);
        }

        byte[] toPdf(String title, Words words, Instant generatedAt) {
            try (PDDocument document = new PDDocument()) {
                // The file identifier is otherwise seeded from the clock; tie it to the generation time instead.
                document.setDocumentId(generatedAt.toEpochMilli());
                PDDocumentInformation info = document.getDocumentInformation();
                info.setTitle(title);
                info.setCreator("CityHealth Hub");
                info.setCreationDate(GregorianCalendar.from(ZonedDateTime.ofInstant(generatedAt, FhirDates.LOCAL_ZONE)));
                document.getDocumentCatalog().setLanguage(words.language());
                PDResources resources = new PDResources();
                COSDictionary fonts = new COSDictionary();
                fonts.setItem(FONT, Song.font());
                resources.getCOSObject().setItem(COSName.FONT, fonts);
                String generated = words.generatedBy(MINUTES.format(generatedAt));
                for (int i = 0; i < pages.size(); i++) {
                    StringBuilder content = pages.get(i);
                    footer(content, generated, words.page(i + 1, pages.size()));
                    PDPage pdfPage = new PDPage(PAGE);
                    pdfPage.setResources(resources);
                    pdfPage.setContents(new PDStream(document,
                            new ByteArrayInputStream(content.toString().getBytes(StandardCharsets.US_ASCII)), COSName.FLATE_DECODE));
                    document.addPage(pdfPage);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                document.save(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the record PDF", e);
            }
        }

        private static void footer(StringBuilder content, String generated, String pageNumber) {
            float top = BOTTOM - 14;
            line(content, MARGIN, PAGE.getWidth() - MARGIN, top + 4, 0.4f, 0.75f);
            float width = PAGE.getWidth() - 2 * MARGIN;
            float pageWidth = width(pageNumber, FOOTER_SIZE);
            List<String> lines = wrap(generated, width - pageWidth - 12, FOOTER_SIZE);
            for (int i = 0; i < lines.size(); i++) {
                show(content, MARGIN, top - i * FOOTER_SIZE * LEADING - FOOTER_SIZE * ASCENT, FOOTER_SIZE, lines.get(i), false, 0.4f);
            }
            show(content, PAGE.getWidth() - MARGIN - pageWidth, top - FOOTER_SIZE * ASCENT, FOOTER_SIZE, pageNumber, false, 0.4f);
        }

        private static void line(StringBuilder content, float from, float to, float y, float width, float gray) {
            content.append(number(gray)).append(" G ").append(number(width)).append(" w ").append(number(from)).append(' ')
                    .append(number(y)).append(" m ").append(number(to)).append(' ').append(number(y)).append(" l S 0 G\n");
        }

        /**
         * Text operators for one line. Bold is the fill-and-stroke rendering mode: the predefined fonts have
         * no bold face that every reader supplies.
         */
        private static void show(StringBuilder content, float x, float baseline, float size, String text, boolean bold, float gray) {
            String shown = Song.printable(text).replace('\n', ' ');
            if (shown.isBlank()) {
                return;
            }
            content.append("q ").append(number(gray)).append(" g ");
            if (bold) {
                content.append(number(gray)).append(" G ").append(number(size * 0.04f)).append(" w 2 Tr ");
            }
            content.append("BT /").append(FONT.getName()).append(' ').append(number(size)).append(" Tf ")
                    .append(number(x)).append(' ').append(number(baseline)).append(" Td <");
            for (int i = 0; i < shown.length(); i++) {
                content.append(String.format(Locale.ROOT, "%04X", (int) shown.charAt(i)));
            }
            content.append("> Tj ET Q\n");
        }

        private static String number(float value) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
    }

    /**
     * Breaks text into lines no wider than {@code width} at {@code size}: at spaces and between any two CJK
     * characters, never before closing punctuation.
     */
    static List<String> wrap(String text, float width, float size) {
        int limit = (int) Math.floor(width * 1000 / size);
        List<String> lines = new ArrayList<>();
        for (String paragraph : Song.printable(text).split("\n")) {
            StringBuilder line = new StringBuilder();
            int used = 0;
            int i = 0;
            while (i < paragraph.length()) {
                char c = paragraph.charAt(i);
                if (c == ' ') {
                    i++;
                    continue;
                }
                int end = i + 1;
                if (units(c) == NARROW) {
                    while (end < paragraph.length() && paragraph.charAt(end) != ' ' && units(paragraph.charAt(end)) == NARROW) {
                        end++;
                    }
                }
                while (end < paragraph.length() && NO_LINE_START.indexOf(paragraph.charAt(end)) >= 0) {
                    end++;
                }
                String word = paragraph.substring(i, end);
                int space = i > 0 && paragraph.charAt(i - 1) == ' ' && !line.isEmpty() ? NARROW : 0;
                if (used + space + units(word) <= limit) {
                    line.append(space > 0 ? " " : "").append(word);
                    used += space + units(word);
                } else {
                    if (!line.isEmpty()) {
                        lines.add(line.toString());
                        line.setLength(0);
                        used = 0;
                    }
                    // A word wider than a whole line is cut wherever the line is full.
                    for (char part : word.toCharArray()) {
                        if (used + units(part) > limit && !line.isEmpty()) {
                            lines.add(line.toString());
                            line.setLength(0);
                            used = 0;
                        }
                        line.append(part);
                        used += units(part);
                    }
                }
                i = end;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
        }
        return lines;
    }

    static float width(String text, float size) {
        return units(Song.printable(text)) * size / 1000;
    }

    private static int units(String text) {
        int sum = 0;
        for (int i = 0; i < text.length(); i++) {
            sum += units(text.charAt(i));
        }
        return sum;
    }

    /** UniGB-UCS2-H maps U+0020–U+007E to CIDs 1–95, Adobe-GB1's proportional Latin; everything else is full width. */
    private static int units(char c) {
        return c >= 0x20 && c <= 0x7E ? NARROW : WIDE;
    }

    /**
     * The non-embedded STSong-Light font with the predefined CMap UniGB-UCS2-H, and the rules for which text it
     * can show: one 2-byte code per UTF-16 code unit, so characters beyond the BMP and characters the CMap does
     * not map are shown as '?' rather than as an invisible .notdef glyph.
     */
    private static final class Song {

        private static final String CMAP = "UniGB-UCS2-H";
        private static final CMap UCS2 = load();

        private static CMap load() {
            try {
                return new CMapParser().parsePredefined(CMAP);
            } catch (IOException e) {
                throw new UncheckedIOException("PDFBox's fontbox lacks the predefined CMap " + CMAP, e);
            }
        }

        /** Text the font shows as written: line breaks kept as '\n', other controls as spaces, the rest mapped or '?'. */
        static String printable(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.replace("\r\n", "\n").codePoints().forEach(point -> out.append(printable(point)));
            return out.toString();
        }

        private static char printable(int point) {
            if (point == '\n') {
                return '\n';
            }
            if (point < 0x20 || point == 0x7F || Character.isISOControl(point)) {
                return ' ';
            }
            // Common look-alikes the GB character set has under another code point: the middle dot of names
            // such as 阿依古丽·买买提 and the micro sign of µmol/L.
            int shown = switch (point) {
                case 0x00B7, 0x2022 -> 0x30FB;
                case 0x00B5 -> 0x03BC;
                default -> point;
            };
            if (shown > 0xFFFF || Character.isSurrogate((char) shown) || UCS2.toCID(shown, 2) == 0) {
                return '?';
            }
            return (char) shown;
        }

        /**
         * The Type0 font dictionary and its descendant CIDFont. No ToUnicode map: the Adobe-GB1 collection
         * defines the way back from CIDs to Unicode, and readers (PDFBox too) extract the text through it.
         */
        static COSDictionary font() {
            COSDictionary descriptor = new COSDictionary();
            descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
            descriptor.setItem(COSName.FONT_NAME, COSName.getPDFName("STSong-Light"));
            // Symbolic (4) and serif (2); metrics as Adobe publishes them for STSong-Light.
            descriptor.setInt(COSName.FLAGS, 6);
            descriptor.setItem(COSName.FONT_BBOX, integers(-25, -254, 1000, 880));
            descriptor.setInt(COSName.ITALIC_ANGLE, 0);
            descriptor.setInt(COSName.ASCENT, 880);
            descriptor.setInt(COSName.DESCENT, -120);
            descriptor.setInt(COSName.CAP_HEIGHT, 880);
            descriptor.setInt(COSName.STEM_V, 93);

            COSDictionary systemInfo = new COSDictionary();
            systemInfo.setString(COSName.REGISTRY, "Adobe");
            systemInfo.setString(COSName.ORDERING, "GB1");
            systemInfo.setInt(COSName.SUPPLEMENT, 4);

            COSDictionary cidFont = new COSDictionary();
            cidFont.setItem(COSName.TYPE, COSName.FONT);
            cidFont.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE0);
            cidFont.setItem(COSName.BASE_FONT, COSName.getPDFName("STSong-Light"));
            cidFont.setItem(COSName.CIDSYSTEMINFO, systemInfo);
            cidFont.setItem(COSName.FONT_DESC, descriptor);
            cidFont.setInt(COSName.DW, WIDE);
            // The widths wrap() measures with, so that readers lay out each line exactly as wide as planned.
            cidFont.setItem(COSName.W, integers(1, 95, NARROW));

            COSArray descendants = new COSArray();
            descendants.add(cidFont);
            COSDictionary font = new COSDictionary();
            font.setItem(COSName.TYPE, COSName.FONT);
            font.setItem(COSName.SUBTYPE, COSName.TYPE0);
            font.setItem(COSName.BASE_FONT, COSName.getPDFName("STSong-Light-" + CMAP));
            font.setItem(COSName.ENCODING, COSName.getPDFName(CMAP));
            font.setItem(COSName.DESCENDANT_FONTS, descendants);
            return font;
        }

        private static COSArray integers(int... values) {
            COSArray array = new COSArray();
            for (int value : values) {
                array.add(COSInteger.get(value));
            }
            return array;
        }
    }

    /** The document's words in Chinese, the hub's default language, or English. */
    private record Words(String language, String title, String name, String gender, String birthDate, String hospitals,
                         String generated, String problems, String medications, String allergies, String none,
                         String noAllergies, String sinceFormat, String timeline, List<String> columns, String undated,
                         String noEntries, String truncatedFormat, String pageFormat, String generatedByFormat,
                         Map<String, String> genders, String listSeparator, String noteSeparator, String open, String close) {

        static final Words CHINESE = new Words("zh-CN", "我的健康档案", "姓名", "性别", "出生日期", "建档机构", "生成时间",
                "当前问题", "当前用药", "过敏", "无记录", "无已知过敏", "始于 %s", "跨机构诊疗记录",
                List.of("日期", "机构", "类型", "项目", "结果/详情", "状态"), "日期不详", "暂无诊疗记录",
                "该档案资源较多，本文件只包含前 %d 条。", "第 %d 页 / 共 %d 页",
                "本文件由 CityHealth Hub 根据各医疗机构报送的记录生成，生成于 %s。",
                Map.of("male", "男", "female", "女", "other", "其他", "unknown", "未知"), "、", "；", "（", "）");

        static final Words ENGLISH = new Words("en", "My health record", "Name", "Sex", "Date of birth", "Hospitals", "Generated",
                "Current problems", "Current medications", "Allergies", "None recorded", "No known allergies", "since %s",
                "Care across hospitals", List.of("Date", "Hospital", "Type", "Item", "Result / detail", "Status"),
                "Date unknown", "No clinical records yet",
                "This record has many resources; this document holds only the first %d.", "Page %d of %d",
                "Generated by CityHealth Hub from the hospitals' records on %s.",
                Map.of("male", "Male", "female", "Female", "other", "Other", "unknown", "Unknown"), ", ", "; ", " (", ")");

        /** English when asked for; Chinese otherwise, as the hub's default messages are. */
        static Words of(Locale locale) {
            return locale.getLanguage().equals("en") ? ENGLISH : CHINESE;
        }

        String gender(String code) {
            return genders.getOrDefault(code, code);
        }

        String since(LocalDate date) {
            return sinceFormat.formatted(date);
        }

        String truncated(int count) {
            return truncatedFormat.formatted(count);
        }

        String page(int number, int count) {
            return pageFormat.formatted(number, count);
        }

        String generatedBy(String time) {
            return generatedByFormat.formatted(time);
        }
    }
}
