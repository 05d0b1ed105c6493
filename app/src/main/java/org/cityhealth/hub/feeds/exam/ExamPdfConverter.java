package org.cityhealth.hub.feeds.exam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.feeds.ExamReports;
import org.cityhealth.hub.feeds.PdfText;
import org.cityhealth.hub.feeds.exam.ExamRecords.Person;
import org.cityhealth.hub.identity.ResidentIdentifiers;
import org.cityhealth.hub.ingest.FeedConverter;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.cityhealth.identity.ResidentId;
import org.springframework.stereotype.Component;

/**
 * An exam report as a PDF: one DocumentReference with the PDF and, as a second attachment, its text as PDFBox
 * extracts it (the store indexes no free text, so the text is kept where a reader or a later index can find it).
 * The person comes from the upload's parameters ({@code patient} = resident ID, {@code patient-id} = the centre's
 * id), else from a "身份证号：" line of the text; the exam id and date likewise ("体检号：", "体检日期：").
 */
@Component
class ExamPdfConverter implements FeedConverter {

    static final String PATIENT = "patient";
    static final String PATIENT_ID = "patient-id";
    static final String EXAM_ID = "exam-id";
    static final String EXAM_DATE = "exam-date";

    private static final Pattern RESIDENT_ID = Pattern.compile("(?:身份证号码?|证件号码?)\\s*[:：]?\\s*([0-9]{17}[0-9Xx]|[0-9]{15})");
    private static final Pattern NAME = Pattern.compile("姓\\s*名\\s*[:：]\\s*(\\S{1,30})");
    private static final Pattern EXAM_NUMBER = Pattern.compile("体检(?:编)?号\\s*[:：]\\s*([A-Za-z0-9-]{1,40})");
    private static final Pattern DATE = Pattern.compile("体检日期\\s*[:：]\\s*(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})");

    @Override
    public SubmissionFormat format() {
        return SubmissionFormat.EXAM_PDF;
    }

    @Override
    public JsonNode toBundle(Source source, byte[] raw, String contentType) {
        String text = text(raw);
        Map<String, String> parameters = ExamMediaTypes.parameters(contentType);
        Person person = person(parameters, text);
        String examId = parameters.containsKey(EXAM_ID) ? parameters.get(EXAM_ID) : find(EXAM_NUMBER, text);
        LocalDate date = date(parameters.get(EXAM_DATE), text);

        ObjectNode bundle = ExamBundles.JSON.objectNode().put("resourceType", "Bundle").put("type", "transaction");
        ArrayNode entries = bundle.putArray("entry");
        String patientId = ExamIds.patient(person.residentId(), person.patientId());
        // A conditional create: the Patient the centre's CSV made (same id, found by identifier) is used as it is, not
        // overwritten by the little a PDF knows of the person.
        String patientUrl = "urn:uuid:" + UUID.nameUUIDFromBytes(patientId.getBytes(StandardCharsets.UTF_8));
        ObjectNode patientEntry = entries.addObject().put("fullUrl", patientUrl);
        patientEntry.set("resource", ExamBundles.patient(source, patientId, person));
        patientEntry.putObject("request").put("method", "POST").put("url", "Patient").put("ifNoneExist", person.residentId() != null
                ? "identifier=" + encode(ResidentIdentifiers.SYSTEM + "|" + person.residentId())
                : "identifier=" + encode(ExamIds.patientIdSystem(source.code()) + "|" + person.patientId()));

        String documentId = examId != null ? ExamIds.of("document", examId) : ExamIds.of("document", "sha256", HexFormat.of().formatHex(ExamIds.sha256(raw)));
        ObjectNode document = ExamBundles.JSON.objectNode().put("resourceType", "DocumentReference").put("id", documentId);
        if (examId != null) {
            document.putArray("identifier").addObject().put("system", ExamReports.examIdSystem(source.code())).put("value", examId);
        }
        document.put("status", "current");
        document.set("type", ExamBundles.reportCode());
        document.set("category", ExamBundles.reportCategory());
        document.putObject("subject").put("reference", patientUrl);
        document.put("description", "健康体检报告 (PDF)");
        ArrayNode content = document.putArray("content");
        content.addObject().putObject("attachment").put("contentType", "application/pdf").put("data", Base64.getEncoder().encodeToString(raw)).put("size", raw.length)
                .put("title", "健康体检报告.pdf");
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        content.addObject().putObject("attachment").put("contentType", "text/plain; charset=utf-8").put("data", Base64.getEncoder().encodeToString(utf8))
                .put("size", utf8.length).put("title", ExamReports.TEXT_TITLE);
        if (date != null) {
            document.putObject("context").putObject("period").put("start", date.toString());
        }
        ExamBundles.put(entries, "DocumentReference", documentId, document);
        return bundle;
    }

    /** The text of the PDF; a damaged or encrypted file is refused (the hub could neither read nor index it). */
    private static String text(byte[] raw) {
        try {
            return PdfText.extract(raw);
        } catch (PdfText.UnreadablePdfException e) {
            throw switch (e.trouble()) {
                case ENCRYPTED -> new IngestException(422, "security", "file", "the PDF is encrypted; send it without a password or restrictions");
                case PASSWORD -> new IngestException(422, "security", "file", "the PDF is encrypted with a password; send it without one");
                case UNREADABLE -> new IngestException(422, "structure", "file", "not a readable PDF");
            };
        }
    }

    private static Person person(Map<String, String> parameters, String text) {
        String residentText = parameters.containsKey(PATIENT) ? parameters.get(PATIENT) : find(RESIDENT_ID, text);
        String residentId = null;
        if (residentText != null) {
            residentId = ResidentId.parse(residentText).map(ResidentId::value).orElseThrow(() -> new IngestException(422, "invalid",
                    parameters.containsKey(PATIENT) ? PATIENT : "身份证号", "not a valid resident ID: "
                    + ResidentId.problemWith(residentText.strip().toUpperCase())));
        }
        String patientId = parameters.get(PATIENT_ID);
        if (residentId == null && patientId == null) {
            throw new IngestException(422, "required", PATIENT, "whose report is this? Send ?patient=<resident ID> (or ?patient-id=<your id>),"
                    + " or a PDF with a line 身份证号：<resident ID>");
        }
        return new Person(residentId, patientId, find(NAME, text), null, null);
    }

    private static LocalDate date(String parameter, String text) {
        try {
            if (parameter != null) {
                return LocalDate.parse(parameter);
            }
            Matcher matcher = DATE.matcher(text);
            return matcher.find() ? LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3))) : null;
        } catch (DateTimeException e) {
            throw new IngestException(422, "invalid", EXAM_DATE, "not a date (2024-05-01): " + (parameter != null ? parameter : "体检日期"));
        }
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
