package org.cityhealth.hub.feeds.exam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.cityhealth.hub.feeds.ExamReports;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.store.ContentTerms;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.SearchCriterion;
import org.cityhealth.hub.store.SearchRequest;
import org.cityhealth.hub.store.StoredResource;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.cityhealth.hub.vault.SubmissionStatus;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The exam feed end to end: files posted to {@code /ingest/exam} by a registered source, read back from the store and
 * on the exam pages. The mappings are written by the test into their own directory, one per layout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = {
        "cityhealth.data-directory=${java.io.tmpdir}/cityhealth-exam-tests-${random.uuid}", "cityhealth.demo=true"})
@AutoConfigureMockMvc
class ExamFeedTests {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String MAPPINGS = """
            EXW:
              layout: wide
              csv: {charset: GB18030}
              columns: {resident-id: 身份证号, name: 姓名, sex: 性别, birth-date: 出生日期, exam-id: 体检号, exam-date: 体检日期}
              results:
                - {column: 血红蛋白, loinc: 718-7, display: 血红蛋白, unit: g/L, low: 115, high: 150, group: 血常规}
                - {column: 空腹血糖, loinc: 14749-6, display: 空腹血糖, unit: mmol/L, low: 3.9, high: 6.1, group: 生化}
                - {column: 尿蛋白, loinc: 2888-6, display: 尿蛋白, group: 尿常规}
            EXL:
              layout: long
              excel: {sheet: 检验结果, header-row: 2}
              columns: {patient-id: 体检者编号, resident-id: 证件号, name: 姓名, exam-id: 体检号, exam-date: 体检日期}
              item-columns: {code: 项目代码, name: 项目名称, value: 结果, unit: 单位, range: 参考范围, flag: 提示}
              results:
                - {item: HGB, loinc: 718-7, display: 血红蛋白, unit: g/L, group: 血常规}
                - {item: WBC, loinc: 6690-2, display: 白细胞计数, unit: 10*9/L, low: 3.5, high: 9.5, group: 血常规}
                - {item: HBSAG, local: HBSAG, display: 乙肝表面抗原, group: 免疫}
            """;
    private static final String HEADER = "体检号,体检日期,姓名,性别,出生日期,身份证号,血红蛋白,空腹血糖,尿蛋白";
    private static Path mappingFile;
    private static String wideToken;
    private static String longToken;

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceRegistry sources;
    @Autowired
    ResourceStore store;
    @Autowired
    Vault vault;
    @Autowired
    ExamReports reports;
    @Autowired
    ObjectMapper mapper;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void mappings(DynamicPropertyRegistry registry) {
        try {
            Path directory = Files.createTempDirectory("exam-mappings");
            mappingFile = Files.writeString(directory.resolve("test-centres.yml"), MAPPINGS);
            registry.add("cityhealth.feeds.exam.mappings", directory::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void registerCentres() {
        if (wideToken == null) {
            wideToken = sources.register(new NewSource("EXW", "测试体检中心（宽表）", "未定级", "上城区", "EXAM_CENTER")).token();
            longToken = sources.register(new NewSource("EXL", "测试体检中心（长表）", "未定级", "上城区", "EXAM_CENTER")).token();
        }
    }

    @Test
    void aWideCsvInUtf8BecomesAReportWithObservationsUnitsRangesAndFlags() throws Exception {
        String residentId = residentId(1);
        String csv = HEADER + "\nTJ-U1,2024-05-01,王秀英,女,1960-03-08," + residentId + ",162,5.2,阴性\n";
        MvcResult result = send(wideToken, "text/csv; charset=UTF-8", csv.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.persons").value(1)).andExpect(jsonPath("$.exams").value(1))
                .andExpect(jsonPath("$.observations").value(3)).andExpect(jsonPath("$.documents").value(0))
                .andReturn();
        assertThat(mapper.readTree(result.getResponse().getContentAsString()).path("submissionId").asLong()).isPositive();

        ExamReports.ExamDetail exam = examById("TJ-U1");
        assertThat(exam.summary().personName()).isEqualTo("王秀英");
        assertThat(exam.summary().date()).isEqualTo("2024-05-01");
        assertThat(exam.summary().results()).isEqualTo(3);
        assertThat(exam.summary().abnormal()).isEqualTo(1);

        JsonNode hemoglobin = observation("EXW", "718-7", "TJ-U1");
        assertThat(hemoglobin.path("valueQuantity").path("value").decimalValue()).isEqualByComparingTo("162");
        assertThat(hemoglobin.path("valueQuantity").path("code").asText()).isEqualTo("g/L");
        assertThat(hemoglobin.path("valueQuantity").path("system").asText()).isEqualTo("http://unitsofmeasure.org");
        assertThat(hemoglobin.path("referenceRange").path(0).path("low").path("value").decimalValue()).isEqualByComparingTo("115");
        assertThat(hemoglobin.path("referenceRange").path(0).path("high").path("value").decimalValue()).isEqualByComparingTo("150");
        assertThat(hemoglobin.path("interpretation").path(0).path("coding").path(0).path("code").asText()).isEqualTo("H");
        assertThat(observation("EXW", "14749-6", "TJ-U1").path("interpretation").path(0).path("coding").path(0).path("code").asText())
                .isEqualTo("N");
        JsonNode protein = observation("EXW", "2888-6", "TJ-U1");
        assertThat(protein.path("valueString").asText()).isEqualTo("阴性");
        assertThat(protein.has("valueQuantity")).isFalse();

        // The Patient carries the resident ID, so ingest links it to the person of that number.
        JsonNode patient = tree(store.read("Patient", id(hemoglobin.path("subject"))).orElseThrow());
        assertThat(patient.path("identifier").path(0).path("system").asText()).isEqualTo("urn:oid:2.16.156.10011.1.1");
        assertThat(patient.path("identifier").path(0).path("value").asText()).isEqualTo(residentId);
        assertThat(patient.path("gender").asText()).isEqualTo("female");

        // The same bytes again: the same answer, nothing stored twice.
        send(wideToken, "text/csv; charset=UTF-8", csv.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isOk()).andExpect(jsonPath("$.resend").value(true)).andExpect(jsonPath("$.observations").value(3));
    }

    @Test
    void aGb18030CsvIsReadByTheMappingsCharsetWhenTheContentTypeHasNone() throws Exception {
        String csv = HEADER + "\nTJ-G1,2024/6/2,欧阳娜娜,女,19850711," + residentId(2) + ",108,7.4,+\n"
                + "TJ-G2,20240603,张伟,男,1970-01-01," + residentId(3) + ",140,5.0,阴性\n";
        send(wideToken, "text/csv", csv.getBytes(Charset.forName("GB18030")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.exams").value(2)).andExpect(jsonPath("$.persons").value(2));

        ExamReports.ExamDetail exam = examById("TJ-G1");
        assertThat(exam.summary().personName()).isEqualTo("欧阳娜娜");
        assertThat(exam.summary().date()).isEqualTo("2024-06-02");
        assertThat(observation("EXW", "718-7", "TJ-G1").path("interpretation").path(0).path("coding").path(0).path("code").asText())
                .isEqualTo("L");
        assertThat(observation("EXW", "2888-6", "TJ-G1").path("valueString").asText()).isEqualTo("+");
    }

    @Test
    void aLongXlsxBecomesObservationsWithTheFilesRangesAndFlagsAndLocalCodes() throws Exception {
        aLongWorkbookBecomesObservations(new XSSFWorkbook(), XLSX, SubmissionFormat.EXAM_XLSX, "TJ-X1", 4);
    }

    @Test
    void anExcel97WorkbookIsReadAsAnXlsxAndKeptInTheVaultAsXls() throws Exception {
        aLongWorkbookBecomesObservations(new HSSFWorkbook(), "application/vnd.ms-excel", SubmissionFormat.EXAM_XLS, "TJ-X2", 14);
    }

    private void aLongWorkbookBecomesObservations(Workbook empty, String contentType, SubmissionFormat format, String examId, int person)
            throws Exception {
        List<Object> header = List.of("体检号", "体检日期", "体检者编号", "证件号", "姓名", "项目代码", "项目名称", "结果", "单位", "参考范围", "提示");
        String residentId = residentId(person);
        String sourcePatient = "P" + person;
        byte[] workbook = ExamTestFiles.workbook(empty, "检验结果", "杭州测试体检中心 检验结果导出", List.of(header,
                List.of(examId, "2024-07-15", sourcePatient, residentId, "李娜", "HGB", "血红蛋白", 98, "g/L", "115-150", ""),
                List.of(examId, "2024-07-15", sourcePatient, residentId, "李娜", "WBC", "白细胞", 12.3, "10^9/L", "", "↑"),
                List.of(examId, "2024-07-15", sourcePatient, residentId, "李娜", "HBSAG", "乙肝表面抗原", "阴性", "", "阴性", "")));
        MvcResult result = send(longToken, contentType, workbook)
                .andExpect(status().isOk()).andExpect(jsonPath("$.exams").value(1)).andExpect(jsonPath("$.observations").value(3))
                .andReturn();
        long submission = mapper.readTree(result.getResponse().getContentAsString()).path("submissionId").asLong();
        assertThat(vault.byId(submission).orElseThrow().format()).isEqualTo(format);

        JsonNode hemoglobin = observation("EXL", "718-7", examId);
        assertThat(hemoglobin.path("valueQuantity").path("value").decimalValue()).isEqualByComparingTo("98");
        assertThat(hemoglobin.path("referenceRange").path(0).path("low").path("value").decimalValue()).isEqualByComparingTo("115");
        assertThat(hemoglobin.path("interpretation").path(0).path("coding").path(0).path("code").asText()).isEqualTo("L");
        JsonNode whiteCells = observation("EXL", "6690-2", examId);
        assertThat(whiteCells.path("valueQuantity").path("unit").asText()).isEqualTo("10^9/L");
        assertThat(whiteCells.path("valueQuantity").path("code").asText()).isEqualTo("10*9/L");
        assertThat(whiteCells.path("referenceRange").path(0).path("high").path("value").decimalValue()).isEqualByComparingTo("9.5");
        assertThat(whiteCells.path("interpretation").path(0).path("coding").path(0).path("code").asText()).isEqualTo("H");
        JsonNode antigen = observation("EXL", "HBSAG", examId);
        assertThat(antigen.path("code").path("coding").path(0).path("system").asText()).isEqualTo("urn:cityhealth:source:EXL:exam-item");
        assertThat(antigen.path("valueString").asText()).isEqualTo("阴性");
        assertThat(antigen.path("referenceRange").path(0).path("text").asText()).isEqualTo("阴性");

        JsonNode patient = tree(store.read("Patient", id(hemoglobin.path("subject"))).orElseThrow());
        assertThat(patient.path("identifier").findValuesAsText("value")).containsExactly(residentId, sourcePatient);
    }

    @Test
    void aFileWithoutAMappedColumnIsRefusedWholeAndKeptInTheVaultAsRejected() throws Exception {
        String csv = "体检号,体检日期,姓名,性别,出生日期,身份证号,血红蛋白,尿蛋白\nTJ-M1,2024-05-01,王五,男,1960-03-08," + residentId(5) + ",140,阴性\n";
        MvcResult result = send(wideToken, "text/csv; charset=UTF-8", csv.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.detail").value("column 空腹血糖: the file has no column '空腹血糖', which exam mapping EXW ("
                        + mappingFile + ") names for results '空腹血糖'"))
                .andReturn();
        long submission = mapper.readTree(result.getResponse().getContentAsString()).path("submissionId").asLong();
        assertThat(vault.byId(submission).orElseThrow().status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(store.idsByToken("DiagnosticReport", "identifier", ExamReports.examIdSystem("EXW"), "TJ-M1", null)).isEmpty();
    }

    @Test
    void anUnreadableValueRefusesTheWholeFileNamingRowAndColumn() throws Exception {
        String csv = HEADER + "\nTJ-V1,2024-05-01,甲,男,1960-03-08," + residentId(6) + ",140,5.0,阴性\n"
                + "TJ-V2,2024-05-01,乙,男,1960-03-08," + residentId(7) + ",abc,5.0,阴性\n";
        MvcResult result = send(wideToken, "text/csv; charset=UTF-8", csv.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.detail").value("row 3, column 血红蛋白: 'abc' is not a number (血红蛋白 is numeric in g/L)"))
                .andReturn();
        long submission = mapper.readTree(result.getResponse().getContentAsString()).path("submissionId").asLong();
        assertThat(vault.byId(submission).orElseThrow().status()).isEqualTo(SubmissionStatus.REJECTED);
        // All or nothing: the good first row was not stored either.
        assertThat(store.idsByToken("DiagnosticReport", "identifier", ExamReports.examIdSystem("EXW"), "TJ-V1", null)).isEmpty();
    }

    @Test
    void aChinesePdfBecomesADocumentReferenceWithItsTextAndShowsOnTheExamPage() throws Exception {
        String residentId = residentId(8);
        String csv = HEADER + "\nTJ-P1,2024-08-01,赵敏,女,1990-02-03," + residentId + ",130,5.0,阴性\n";
        send(wideToken, "text/csv; charset=UTF-8", csv.getBytes(StandardCharsets.UTF_8)).andExpect(status().isOk());
        byte[] pdf = ExamTestFiles.pdf(List.of("健康体检报告", "姓名：赵敏", "身份证号：" + residentId, "体检号：TJ-P1",
                "体检日期：2024-08-01", "总检结论：血压偏高，建议复查"), null);

        send(wideToken, "application/pdf", pdf).andExpect(status().isOk()).andExpect(jsonPath("$.documents").value(1));

        List<String> ids = store.idsByToken("DocumentReference", "identifier", ExamReports.examIdSystem("EXW"), "TJ-P1", null);
        assertThat(ids).hasSize(1);
        JsonNode document = tree(store.read("DocumentReference", ids.getFirst()).orElseThrow());
        JsonNode attachments = document.path("content");
        assertThat(attachments.path(0).path("attachment").path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(Base64.getDecoder().decode(attachments.path(0).path("attachment").path("data").asText())).isEqualTo(pdf);
        assertThat(attachments.path(1).path("attachment").path("contentType").asText()).startsWith("text/plain");
        String text = new String(Base64.getDecoder().decode(attachments.path(1).path("attachment").path("data").asText()), StandardCharsets.UTF_8);
        assertThat(text).contains("健康体检报告", "赵敏", "血压偏高", residentId);
        assertThat(document.path("type").path("coding").path(0).path("code").asText()).isEqualTo("11502-2");
        assertThat(document.path("context").path("period").path("start").asText()).isEqualTo("2024-08-01");
        assertThat(contentSearch("血压偏高")).as("found by its text").contains(ids.getFirst());
        assertThat(contentSearch("建议复查,肝功能异常")).contains(ids.getFirst());
        assertThat(contentSearch("肝功能异常")).doesNotContain(ids.getFirst());

        // The PDF's Patient is the one the CSV made: found by resident ID, not overwritten.
        ExamReports.ExamDetail exam = examById("TJ-P1");
        StoredResource report = store.read("DiagnosticReport", exam.summary().id()).orElseThrow();
        assertThat(id(document.path("subject"))).isEqualTo(id(tree(report).path("subject")));
        assertThat(exam.documents()).extracting(ExamReports.ExamDocument::id).containsExactly(ids.getFirst());

        String page = mvc.perform(get("/exams/" + exam.summary().id()).with(operator()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("健康体检报告.pdf", "/exams/" + exam.summary().id() + "/documents/" + ids.getFirst())
                .containsPattern("健康体检报告\\.pdf（[0-9.]+ [KM]B）").doesNotContain("??");
        byte[] served = mvc.perform(get("/exams/" + exam.summary().id() + "/documents/" + ids.getFirst()).with(operator()))
                .andExpect(status().isOk()).andExpect(content().contentType("application/pdf")).andReturn().getResponse().getContentAsByteArray();
        assertThat(served).isEqualTo(pdf);
    }

    private List<String> contentSearch(String text) {
        List<List<String>> alternatives = java.util.Arrays.stream(text.split(",")).map(ContentTerms::query).toList();
        return store.search(new SearchRequest("DocumentReference", List.of(new SearchCriterion.Content(alternatives)), SearchRequest.Sort.ID,
                100, 0, false)).resources().stream().map(StoredResource::id).toList();
    }

    @Test
    void anExamAndItsPdfAreRecordedOnceEachAndAnotherExamsPathServesNoPdf() throws Exception {
        String csv = HEADER + "\nTJ-R1,2024-11-01,周芳,女,1975-04-05," + residentId(12) + ",140,5.0,阴性\n"
                + "TJ-R2,2024-11-01,吴刚,男,1972-06-07," + residentId(13) + ",150,5.5,阴性\n";
        send(wideToken, "text/csv; charset=UTF-8", csv.getBytes(StandardCharsets.UTF_8)).andExpect(status().isOk());
        byte[] pdf = ExamTestFiles.pdf(List.of("健康体检报告", "姓名：周芳", "身份证号：" + residentId(12), "体检号：TJ-R1",
                "体检日期：2024-11-01"), null);
        send(wideToken, "application/pdf", pdf).andExpect(status().isOk()).andExpect(jsonPath("$.documents").value(1));
        String withPdf = examById("TJ-R1").summary().id();
        String other = examById("TJ-R2").summary().id();
        String document = store.idsByToken("DocumentReference", "identifier", ExamReports.examIdSystem("EXW"), "TJ-R1", null).getFirst();

        // The pages record their own entries, by person; the access filter must not add a second one per request.
        var reader = user("exam-reader").roles("OPERATOR");
        mvc.perform(get("/exams/" + withPdf).with(reader)).andExpect(status().isOk());
        assertThat(entries("exam-reader", "ui.exam.view")).isEqualTo(1);
        mvc.perform(get("/exams/" + withPdf + "/documents/" + document).with(reader)).andExpect(status().isOk());
        assertThat(entries("exam-reader", "ui.exam.pdf")).isEqualTo(1);
        assertThat(entries("exam-reader", "%")).isEqualTo(2);

        // Only a PDF of the exam in the path: not another exam's, and not through a path naming no exam.
        mvc.perform(get("/exams/" + other + "/documents/" + document).with(operator())).andExpect(status().isNotFound());
        mvc.perform(get("/exams/" + document + "/documents/" + document).with(operator())).andExpect(status().isNotFound());
        mvc.perform(get("/exams/" + withPdf + "/documents/" + other).with(operator())).andExpect(status().isNotFound());
    }

    @Test
    void aPdfNamesItsPersonByQueryParameter() throws Exception {
        String residentId = residentId(9);
        byte[] pdf = ExamTestFiles.pdf(List.of("体检报告（无身份证号行）"), null);
        mvc.perform(post("/ingest/exam").param("patient", residentId).param("exam-id", "TJ-Q1").param("exam-date", "2024-09-09")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + wideToken).contentType("application/pdf").content(pdf))
                .andExpect(status().isOk()).andExpect(jsonPath("$.documents").value(1)).andExpect(jsonPath("$.persons").value(1));
        List<String> ids = store.idsByToken("DocumentReference", "identifier", ExamReports.examIdSystem("EXW"), "TJ-Q1", null);
        JsonNode patient = tree(store.read("Patient", id(tree(store.read("DocumentReference", ids.getFirst()).orElseThrow()).path("subject")))
                .orElseThrow());
        assertThat(patient.path("identifier").path(0).path("value").asText()).isEqualTo(residentId);
    }

    @Test
    void brokenEncryptedAndAnonymousPdfsAreRefused() throws Exception {
        send(wideToken, "application/pdf", "%PDF-1.7\nthis is not really a PDF".getBytes(StandardCharsets.US_ASCII))
                .andExpect(status().isUnprocessableEntity()).andExpect(jsonPath("$.detail").value("file: not a readable PDF"));
        byte[] encrypted = ExamTestFiles.pdf(List.of("身份证号：" + residentId(10)), "owner-secret");
        assertThat(Loader.loadPDF(encrypted).isEncrypted()).isTrue();
        send(wideToken, "application/pdf", encrypted)
                .andExpect(status().isUnprocessableEntity()).andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("encrypted")));
        send(wideToken, "application/pdf", ExamTestFiles.pdf(List.of("没有身份信息的报告"), null))
                .andExpect(status().isUnprocessableEntity()).andExpect(jsonPath("$.location").value("patient"));
    }

    @Test
    void otherMediaTypesAndNonSourcesAreRefused() throws Exception {
        send(wideToken, "application/json", "{}".getBytes(StandardCharsets.UTF_8)).andExpect(status().isUnsupportedMediaType());
        mvc.perform(post("/ingest/exam").contentType("text/csv").content("a,b")).andExpect(status().isUnauthorized());
    }

    @Test
    void theExamPagesListAndShowExamsWithFlagsInChineseAndEnglish() throws Exception {
        String csv = HEADER + "\nTJ-W1,2024-10-01,孙丽,女,1980-02-03," + residentId(11) + ",170,3.0,阴性\n";
        send(wideToken, "text/csv; charset=UTF-8", csv.getBytes(StandardCharsets.UTF_8)).andExpect(status().isOk());
        ExamReports.ExamDetail exam = examById("TJ-W1");

        String list = mvc.perform(get("/exams").with(operator())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(list).contains("<h1>体检报告</h1>", "孙丽", "TJ-W1", "2024-10-01", "EXW", "/exams/" + exam.summary().id());

        String page = mvc.perform(get("/exams/" + exam.summary().id()).with(operator())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("健康体检报告", "孙丽", "血常规", "生化", "尿常规", "血红蛋白", "115–150", "g/L", "↑ 偏高", "↓ 偏低", "阴性")
                .doesNotContain(residentId(11)).doesNotContain("??");
        // Flags in the person page's colours: high and low amber, as only critical values are red.
        assertThat(page).contains("class=\"badge badge-warn\">↑ 偏高", "class=\"badge badge-warn\">↓ 偏低").doesNotContain("badge-bad");
        mvc.perform(get("/exams/" + exam.summary().id()).param("lang", "en").with(operator()))
                .andExpect(content().string(org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("Health check-up report"),
                        org.hamcrest.Matchers.containsString("↑ High"))));
        mvc.perform(get("/exams/no-such-exam").with(operator())).andExpect(status().isNotFound());
        mvc.perform(get("/exams").with(user("citizen").roles("CITIZEN"))).andExpect(status().isForbidden());
    }

    private org.springframework.test.web.servlet.ResultActions send(String token, String contentType, byte[] body) throws Exception {
        return mvc.perform(post("/ingest/exam").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).contentType(contentType).content(body));
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor operator() {
        return user("admin").roles("OPERATOR");
    }

    /** Ledger entries of an actor with an action ({@code like}), published or still in the outbox (an entry is in exactly one). */
    private long entries(String actor, String action) {
        return jdbc.queryForObject("""
                select (select count(*) from ledger_entry where actor = ? and action like ?)
                     + (select count(*) from ledger_outbox where actor = ? and action like ?)""", Long.class, actor, action, actor, action);
    }

    private ExamReports.ExamDetail examById(String examId) {
        String id = reports.recent(1000).exams().stream().filter(exam -> examId.equals(exam.examId())).findFirst().orElseThrow().id();
        return reports.exam(id).orElseThrow();
    }

    /** The Observation of one code in the exam's report. */
    private JsonNode observation(String source, String code, String examId) {
        String reportId = store.idsByToken("DiagnosticReport", "identifier", ExamReports.examIdSystem(source), examId, null).getFirst();
        JsonNode report = tree(store.read("DiagnosticReport", reportId).orElseThrow());
        for (JsonNode result : report.path("result")) {
            JsonNode observation = tree(store.read("Observation", id(result)).orElseThrow());
            if (code.equals(observation.path("code").path("coding").path(0).path("code").asText())) {
                return observation;
            }
        }
        throw new AssertionError("no " + code + " in exam " + examId);
    }

    private JsonNode tree(StoredResource resource) {
        try {
            return mapper.readTree(resource.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String id(JsonNode reference) {
        return reference.path("reference").asText().split("/", 2)[1];
    }

    private static String residentId(int sequence) {
        return ResidentId.of("330102", LocalDate.of(1960, 3, 8).plusDays(sequence * 37L), 100 + sequence).value();
    }
}
