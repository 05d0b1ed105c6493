package org.cityhealth.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordPdfTest {

    private static final ClinicalCharts.Charts NO_CHARTS = new ClinicalCharts.Charts(List.of(), List.of());
    private static final Instant GENERATED = Instant.parse("2025-03-01T02:30:00Z");
    private static final Map<Long, String> SOURCE_NAMES = Map.of(1L, "杭州市第一人民医院", 2L, "上城区社区卫生服务中心",
            3L, "浙江省肿瘤医院");
    private static final Map<Long, String> SOURCE_CODES = Map.of(1L, "H001", 2L, "C002", 3L, "H003");
    private static final String[] DIAGNOSES = {"2型糖尿病", "原发性高血压", "慢性胃炎", "腰椎间盘突出症", "高脂血症"};

    private final RecordPdf pdf = new RecordPdf();

    @Test
    void rendersAChineseRecordOverSeveralPagesWithFootersAndRepeatedHeader() throws IOException {
        byte[] bytes = pdf.render(record("王秀英", 150), SOURCE_NAMES, Locale.SIMPLIFIED_CHINESE, GENERATED);

        try (PDDocument document = Loader.loadPDF(bytes)) {
            int pages = document.getNumberOfPages();
            assertThat(pages).isGreaterThan(1);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("我的健康档案", "王秀英", "1956-03-08", "女", "杭州市第一人民医院", "浙江省肿瘤医院",
                    "2型糖尿病", "二甲双胍片", "青霉素", "当前问题", "当前用药", "过敏", "2025-03-01 10:30");
            for (int page = 1; page <= pages; page++) {
                assertThat(pageText(document, page)).contains("第 " + page + " 页 / 共 " + pages + " 页",
                        "本文件由 CityHealth Hub 根据各医疗机构报送的记录生成");
            }
            String firstLineOfPage2 = pageText(document, 2).lines().findFirst().orElseThrow();
            assertThat(firstLineOfPage2).contains("日期", "机构", "类型", "项目", "结果/详情", "状态");
        }
    }

    @Test
    void listsTheTimelineOldestFirstAndWrapsLongDetails() throws IOException {
        byte[] bytes = pdf.render(record("王秀英", 150), SOURCE_NAMES, Locale.SIMPLIFIED_CHINESE, GENERATED);

        try (PDDocument document = Loader.loadPDF(bytes)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text.indexOf("首次建档体检")).isPositive().isLessThan(text.indexOf("末次复查"));
            int start = text.indexOf("病理报告开始");
            int end = text.indexOf("ENDMARK");
            assertThat(start).isPositive().isLessThan(end);
            assertThat(text.substring(start, end).lines().count()).isGreaterThan(10);
        }
    }

    @Test
    void referencesThePredefinedSongFontWithoutEmbeddingAFontFile() throws IOException {
        byte[] bytes = pdf.render(record("王秀英", 150), SOURCE_NAMES, Locale.SIMPLIFIED_CHINESE, GENERATED);

        try (PDDocument document = Loader.loadPDF(bytes)) {
            int fonts = 0;
            for (PDPage page : document.getPages()) {
                COSDictionary fontResources = page.getResources().getCOSObject().getCOSDictionary(COSName.FONT);
                for (COSName name : fontResources.keySet()) {
                    COSDictionary font = fontResources.getCOSDictionary(name);
                    assertThat(font.getCOSName(COSName.SUBTYPE)).isEqualTo(COSName.TYPE0);
                    assertThat(font.getNameAsString(COSName.ENCODING)).isEqualTo("UniGB-UCS2-H");
                    COSArray descendants = font.getCOSArray(COSName.DESCENDANT_FONTS);
                    COSDictionary cidFont = (COSDictionary) descendants.getObject(0);
                    assertThat(cidFont.getCOSName(COSName.SUBTYPE)).isEqualTo(COSName.CID_FONT_TYPE0);
                    assertThat(cidFont.getNameAsString(COSName.BASE_FONT)).isEqualTo("STSong-Light");
                    COSDictionary systemInfo = cidFont.getCOSDictionary(COSName.CIDSYSTEMINFO);
                    assertThat(systemInfo.getString(COSName.REGISTRY)).isEqualTo("Adobe");
                    assertThat(systemInfo.getString(COSName.ORDERING)).isEqualTo("GB1");
                    COSDictionary descriptor = cidFont.getCOSDictionary(COSName.FONT_DESC);
                    assertThat(descriptor.containsKey(COSName.FONT_FILE)).isFalse();
                    assertThat(descriptor.containsKey(COSName.FONT_FILE2)).isFalse();
                    assertThat(descriptor.containsKey(COSName.FONT_FILE3)).isFalse();
                    fonts++;
                }
            }
            assertThat(fonts).isEqualTo(document.getNumberOfPages());
        }
    }

    @Test
    void labelsInEnglishForAnEnglishReader() throws IOException {
        byte[] bytes = pdf.render(record("王秀英", 150), SOURCE_NAMES, Locale.ENGLISH, GENERATED);

        try (PDDocument document = Loader.loadPDF(bytes)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("My health record", "Date of birth", "Female", "Current problems", "Care across hospitals",
                    "Page 1 of " + document.getNumberOfPages(), "Generated by CityHealth Hub from the hospitals' records", "王秀英");
            assertThat(text).doesNotContain("我的健康档案", "第 1 页");
            assertThat(pageText(document, 2).lines().findFirst().orElseThrow()).contains("Date", "Hospital", "Status");
        }
    }

    @Test
    void rendersARecordWithNoEntriesOnOnePage() throws IOException {
        PersonRecord empty = new PersonRecord(7, Demographics.UNKNOWN, List.of(), new PersonSummary(List.of(), List.of(), List.of()),
                new PersonTimeline(List.of(), List.of()), List.of(), 0, false, NO_CHARTS);

        byte[] bytes = pdf.render(empty, Map.of(), Locale.SIMPLIFIED_CHINESE, GENERATED);

        try (PDDocument document = Loader.loadPDF(bytes)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(new PDFTextStripper().getText(document)).contains("我的健康档案", "暂无诊疗记录", "无已知过敏", "第 1 页 / 共 1 页");
        }
    }

    @Test
    void showsCharactersTheFontCannotAsQuestionMarks() throws IOException {
        byte[] beyondBmp = pdf.render(record("王\uD840\uDC00明", 3), SOURCE_NAMES, Locale.SIMPLIFIED_CHINESE, GENERATED);
        byte[] middleDot = pdf.render(record("阿依古丽·买买提", 3), SOURCE_NAMES, Locale.SIMPLIFIED_CHINESE, GENERATED);

        try (PDDocument document = Loader.loadPDF(beyondBmp)) {
            assertThat(new PDFTextStripper().getText(document)).contains("王?明");
        }
        try (PDDocument document = Loader.loadPDF(middleDot)) {
            // Set with the GB character set's middle dot (written as U+30FB), read back as the U+00B7 of the name.
            assertThat(new PDFTextStripper().getText(document)).contains("阿依古丽·买买提");
        }
    }

    @Test
    void splitsARowTallerThanAPageAcrossPages() throws IOException {
        ClinicalEntry report = entry("DiagnosticReport", "检查报告", "long", 1, "出院小结",
                "出院小结开始。" + "患者住院期间完善相关检查，予以降糖、降压治疗，病情平稳后出院。".repeat(150) + " ENDMARK",
                "final", null, LocalDate.of(2020, 1, 1));
        List<PersonTimeline.Lane> lanes = List.of(new PersonTimeline.Lane(1, "H001", SOURCE_NAMES.get(1L), 0));
        PersonRecord record = new PersonRecord(9, Demographics.UNKNOWN, List.of(), new PersonSummary(List.of(), List.of(), List.of()),
                PersonTimeline.of(List.of(report), lanes, Map.of()), List.of(), 1, true, NO_CHARTS);

        byte[] bytes = pdf.render(record, SOURCE_NAMES, Locale.SIMPLIFIED_CHINESE, GENERATED);

        try (PDDocument document = Loader.loadPDF(bytes)) {
            int pages = document.getNumberOfPages();
            assertThat(pages).isGreaterThan(2);
            assertThat(new PDFTextStripper().getText(document)).contains("该档案资源较多", "出院小结开始", "ENDMARK");
            for (int page = 2; page <= pages; page++) {
                assertThat(pageText(document, page).lines().findFirst().orElseThrow()).contains("日期", "结果/详情");
            }
        }
    }

    /** Poppler reads the text only with the Adobe CMaps of poppler-data; without both installed the check is skipped. */
    @Test
    void popplerReadsTheChineseTextWhereInstalled(@TempDir Path directory) throws IOException, InterruptedException {
        Path pdftotext = Path.of("/usr/bin/pdftotext");
        assumeTrue(Files.isExecutable(pdftotext) && Files.isDirectory(Path.of("/usr/share/poppler/cMap/Adobe-GB1")),
                "poppler-utils and poppler-data are not installed");
        Path file = directory.resolve("record.pdf");
        Files.write(file, pdf.render(record("王秀英", 150), SOURCE_NAMES, Locale.SIMPLIFIED_CHINESE, GENERATED));

        Process process = new ProcessBuilder(pdftotext.toString(), "-enc", "UTF-8", file.toString(), "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isZero();
        assertThat(text).contains("我的健康档案", "王秀英", "杭州市第一人民医院", "2型糖尿病", "第 1 页 / 共 ");
    }

    @Test
    void sameRecordAndTimeGiveTheSameBytes() {
        PersonRecord record = record("王秀英", 150);

        byte[] first = pdf.render(record, SOURCE_NAMES, Locale.SIMPLIFIED_CHINESE, GENERATED);
        byte[] second = pdf.render(record, SOURCE_NAMES, Locale.SIMPLIFIED_CHINESE, GENERATED);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void wrapsWithinTheWidthAtSpacesAndBetweenChineseCharacters() {
        String text = "患者于2019年确诊2型糖尿病，长期口服 metformin hydrochloride 0.5 g tid，空腹血糖控制在 6.1–7.8 mmol/L 之间。"
                + "Averyveryveryveryverylongwordwithoutanyspace";

        List<String> lines = RecordPdf.wrap(text, 100, 8);

        assertThat(lines).hasSizeGreaterThan(3)
                .allSatisfy(line -> assertThat(RecordPdf.width(line, 8)).isLessThanOrEqualTo(100));
        assertThat(String.join("", lines).replace(" ", "")).isEqualTo(text.replace(" ", ""));
        assertThat(lines).noneMatch(line -> line.startsWith("，") || line.startsWith("。"))
                .anyMatch(line -> line.startsWith("Averyvery"));
    }

    private static String pageText(PDDocument document, int page) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        return stripper.getText(document);
    }

    /** A record over three hospitals with {@code count} timeline entries, one every ten days from 2015. */
    private static PersonRecord record(String name, int count) {
        List<ClinicalEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long sourceId = i % 3 + 1;
            LocalDate date = LocalDate.of(2015, 1, 5).plusDays(i * 10L);
            String id = "e" + i;
            ClinicalEntry entry = switch (i % 4) {
                case 0 -> entry("Condition", "诊断", id, sourceId, DIAGNOSES[i / 4 % DIAGNOSES.length], null, "active", "在治", date);
                case 1 -> entry("Observation", "检验/观察", id, sourceId, "空腹血糖", (5 + i % 4) + ".8 mmol/L", "final",
                        i % 8 == 1 ? "偏高" : null, date);
                case 2 -> entry("MedicationRequest", "用药", id, sourceId, "二甲双胍片", "0.5 g 口服 每日三次", "active", null, date);
                default -> entry("Encounter", "就诊", id, sourceId, "门诊", "内分泌科复诊", "finished", null, date);
            };
            entries.add(entry);
        }
        if (count > 3) {
            entries.set(0, entry("Encounter", "就诊", "e0", 1, "首次建档体检", null, "finished", null, LocalDate.of(2015, 1, 5)));
            entries.set(count - 1, entry("Encounter", "就诊", "e" + (count - 1), 2, "末次复查", null, "finished", null,
                    LocalDate.of(2015, 1, 5).plusDays((count - 1) * 10L)));
            entries.set(count / 2, entry("DiagnosticReport", "检查报告", "e" + count / 2, 3, "病理报告",
                    "病理报告开始。" + "送检组织见慢性炎症细胞浸润，未见异型细胞，建议定期复查。".repeat(12) + " ENDMARK",
                    "final", null, LocalDate.of(2018, 6, 1)));
        }
        entries.add(entry("AllergyIntolerance", "过敏", "allergy", 1, "青霉素", "皮疹", "active", null, null));
        List<PersonTimeline.Lane> lanes = List.of(new PersonTimeline.Lane(1, "H001", SOURCE_NAMES.get(1L), 0),
                new PersonTimeline.Lane(2, "C002", SOURCE_NAMES.get(2L), 0), new PersonTimeline.Lane(3, "H003", SOURCE_NAMES.get(3L), 0));
        List<PersonRecord.LinkedPatient> patients = List.of(
                new PersonRecord.LinkedPatient("H001", SOURCE_NAMES.get(1L), "P-1001", "pat-1", "RESIDENT_ID", GENERATED),
                new PersonRecord.LinkedPatient("C002", SOURCE_NAMES.get(2L), "C-77", "pat-2", "RESIDENT_ID", GENERATED),
                new PersonRecord.LinkedPatient("H003", SOURCE_NAMES.get(3L), "Z-3", "pat-3", "RESIDENT_ID", GENERATED));
        Demographics person = new Demographics(name, "female", LocalDate.of(1956, 3, 8), 68, null, false);
        return new PersonRecord(42, person, patients, PersonSummary.of(entries, SOURCE_CODES),
                PersonTimeline.of(entries, lanes, Map.of()), List.of(), entries.size(), false, NO_CHARTS);
    }

    private static ClinicalEntry entry(String type, String typeLabel, String id, long sourceId, String title, String detail,
                                       String statusCode, String status, LocalDate date) {
        long sortKey = date == null ? Long.MIN_VALUE : date.atStartOfDay(ZoneOffset.ofHours(8)).toInstant().toEpochMilli();
        return new ClinicalEntry(type, typeLabel, id, sourceId, title, detail, statusCode, status, "ok", date, null, sortKey);
    }
}
