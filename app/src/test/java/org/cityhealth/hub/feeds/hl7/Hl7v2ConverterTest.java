package org.cityhealth.hub.feeds.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.hub.source.Source;
import org.junit.jupiter.api.Test;

/** HL7 v2 → FHIR without Spring: the fields each message type becomes. */
class Hl7v2ConverterTest {

    static final Source SOURCE = new Source(1, "H001", "测试医院", "三级甲等", "西湖区", "hospital", Instant.EPOCH);
    static final String CONTENT_TYPE = Hl7Text.MEDIA_TYPE;

    private final Hl7v2Converter converter = new Hl7v2Converter(new ObjectMapper());

    JsonNode convert(String fixture) {
        return converter.toBundle(SOURCE, Hl7Fixtures.bytes(fixture, SOURCE.code()), CONTENT_TYPE);
    }

    static List<JsonNode> resources(JsonNode bundle, String type) {
        List<JsonNode> found = new ArrayList<>();
        bundle.path("entry").forEach(entry -> {
            if (entry.path("resource").path("resourceType").asText().equals(type)) {
                found.add(entry.path("resource"));
                assertThat(entry.path("request").path("method").asText()).isEqualTo("PUT");
                assertThat(entry.path("request").path("url").asText()).isEqualTo(type + "/" + entry.path("resource").path("id").asText());
            }
        });
        return found;
    }

    static JsonNode only(JsonNode bundle, String type) {
        List<JsonNode> found = resources(bundle, type);
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }

    IngestException refusal(String text) {
        try {
            converter.toBundle(SOURCE, text.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
        } catch (IngestException e) {
            return e;
        }
        throw new AssertionError("not refused: " + text);
    }

    @Test
    void anAdmissionBecomesThePatientWithResidentIdAndAnInpatientEncounterInProgress() {
        JsonNode bundle = convert("adt_a01_v23.hl7");
        assertThat(bundle.path("type").asText()).isEqualTo("transaction");
        JsonNode patient = only(bundle, "Patient");
        assertThat(patient.path("id").asText()).isEqualTo("MRN10001");
        assertThat(patient.path("identifier").get(0).path("system").asText()).isEqualTo("urn:cityhealth:source:H001:mrn");
        assertThat(patient.path("identifier").get(0).path("value").asText()).isEqualTo("MRN10001");
        assertThat(patient.path("identifier").get(1).path("system").asText()).isEqualTo("urn:oid:2.16.156.10011.1.1");
        assertThat(patient.path("identifier").get(1).path("value").asText()).isEqualTo("330106198503071238");
        JsonNode name = patient.path("name").get(0);
        assertThat(name.path("family").asText()).isEqualTo("王");
        assertThat(name.path("given").get(0).asText()).isEqualTo("小明");
        assertThat(name.path("text").asText()).isEqualTo("王小明");
        assertThat(patient.path("gender").asText()).isEqualTo("male");
        assertThat(patient.path("birthDate").asText()).isEqualTo("1985-03-07");
        JsonNode address = patient.path("address").get(0);
        assertThat(address.path("city").asText()).isEqualTo("杭州市");
        assertThat(address.path("district").asText()).isEqualTo("西湖区");
        assertThat(address.path("line").get(0).asText()).isEqualTo("文三路100号");
        assertThat(patient.path("telecom").get(0).path("value").asText()).isEqualTo("13812345678");
        assertThat(patient.path("telecom").get(0).path("use").asText()).isEqualTo("mobile");
        assertThat(patient.path("telecom").get(1).path("use").asText()).isEqualTo("work");

        JsonNode encounter = only(bundle, "Encounter");
        assertThat(encounter.path("id").asText()).isEqualTo("V20250301001");
        assertThat(encounter.path("status").asText()).isEqualTo("in-progress");
        assertThat(encounter.path("class").path("code").asText()).isEqualTo("IMP");
        assertThat(encounter.path("subject").path("reference").asText()).isEqualTo("Patient/MRN10001");
        assertThat(encounter.path("period").path("start").asText()).isEqualTo("2025-03-01T08:00:00+08:00");
        assertThat(encounter.path("participant").get(0).path("individual").path("display").asText()).isEqualTo("李华");
        assertThat(encounter.path("location").get(0).path("location").path("display").asText()).isEqualTo("H001 W03 0312 02");
    }

    @Test
    void eachAdtEventSetsItsEncounterStatusAndClass() {
        JsonNode discharge = only(convert("adt_a03_v24.hl7"), "Encounter");
        assertThat(discharge.path("id").asText()).isEqualTo("V20250301001");
        assertThat(discharge.path("status").asText()).isEqualTo("finished");
        assertThat(discharge.path("period").path("end").asText()).isEqualTo("2025-03-05T09:30:00+08:00");
        JsonNode registration = only(convert("adt_a04_v251.hl7"), "Encounter");
        assertThat(registration.path("class").path("code").asText()).isEqualTo("AMB");
        assertThat(registration.path("status").asText()).isEqualTo("in-progress");
        JsonNode cancelled = only(convert("adt_a11_v24.hl7"), "Encounter");
        assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.path("class").path("code").asText()).isEqualTo("EMER");
        String reopened = Hl7Fixtures.text("adt_a03_v24.hl7", "H001").replace("ADT^A03^ADT_A03", "ADT^A13^ADT_A01").replace("EVN|A03", "EVN|A13");
        JsonNode a13 = only(converter.toBundle(SOURCE, reopened.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE), "Encounter");
        assertThat(a13.path("status").asText()).isEqualTo("in-progress");
        assertThat(a13.path("period").has("end")).isFalse();
    }

    @Test
    void aPersonUpdateIsThePatientAlone() {
        String update = Hl7Fixtures.text("adt_a04_v251.hl7", "H001").replace("ADT^A04^ADT_A01", "ADT^A31^ADT_A05").replace("EVN|A04", "EVN|A31");
        JsonNode bundle = converter.toBundle(SOURCE, update.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
        assertThat(bundle.path("entry")).hasSize(1);
        assertThat(only(bundle, "Patient").path("gender").asText()).isEqualTo("female");
    }

    @Test
    void anUnknownCharacterSetIsRejected() {
        IngestException refusal = refusal("MSH|^~\\&|HIS|H001|||20250301||ADT^A01|1|P|2.5|||||CHN|ISO IR87\rPID|1||X\r");
        assertThat(refusal.location()).isEqualTo("MSH^1^18");
        assertThat(Hl7Refusals.errorCode(refusal.issueType(), refusal.location()).getCode()).isEqualTo(103);
    }

    @Test
    void aMergeIsTheSurvivorReplacingThePriorPatient() {
        JsonNode bundle = convert("adt_a40_v251.hl7");
        JsonNode survivor = only(bundle, "Patient");
        assertThat(survivor.path("id").asText()).isEqualTo("MRN20001");
        assertThat(survivor.path("link").get(0).path("type").asText()).isEqualTo("replaces");
        assertThat(survivor.path("link").get(0).path("other").path("reference").asText()).isEqualTo("Patient/MRN20002");
    }

    @Test
    void aLabResultBecomesAReportWithObservationsUnitsRangesAndFlags() {
        JsonNode bundle = convert("oru_r01_v251.hl7");
        JsonNode report = only(bundle, "DiagnosticReport");
        assertThat(report.path("id").asText()).isEqualTo("LAB7001");
        assertThat(report.path("status").asText()).isEqualTo("final");
        assertThat(report.path("code").path("coding").get(0).path("system").asText()).isEqualTo("http://loinc.org");
        assertThat(report.path("code").path("coding").get(0).path("code").asText()).isEqualTo("24331-1");
        assertThat(report.path("effectiveDateTime").asText()).isEqualTo("2025-03-01T08:30:00+08:00");
        assertThat(report.path("issued").asText()).isEqualTo("2025-03-01T10:30:00+08:00");
        assertThat(report.path("result")).hasSize(7);
        List<JsonNode> observations = resources(bundle, "Observation");
        assertThat(observations).extracting(o -> o.path("id").asText()).containsExactly(
                "LAB7001-1", "LAB7001-2", "LAB7001-3", "LAB7001-4", "LAB7001-5", "LAB7001-6", "LAB7001-7");

        JsonNode glucose = observations.get(0);
        assertThat(glucose.path("valueQuantity").path("value").decimalValue()).isEqualByComparingTo("6.8");
        assertThat(glucose.path("valueQuantity").path("system").asText()).isEqualTo("http://unitsofmeasure.org");
        assertThat(glucose.path("valueQuantity").path("code").asText()).isEqualTo("mmol/L");
        assertThat(glucose.path("referenceRange").get(0).path("low").path("value").decimalValue()).isEqualByComparingTo("3.9");
        assertThat(glucose.path("referenceRange").get(0).path("high").path("value").decimalValue()).isEqualByComparingTo("6.1");
        assertThat(glucose.path("interpretation").get(0).path("coding").get(0).path("system").asText())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation");
        assertThat(glucose.path("interpretation").get(0).path("coding").get(0).path("code").asText()).isEqualTo("H");
        assertThat(glucose.path("status").asText()).isEqualTo("final");
        assertThat(glucose.path("subject").path("reference").asText()).isEqualTo("Patient/MRN10001");

        JsonNode cholesterol = observations.get(1);
        assertThat(cholesterol.path("referenceRange").get(0).path("high").path("value").decimalValue()).isEqualByComparingTo("5.2");
        assertThat(cholesterol.path("referenceRange").get(0).has("low")).isFalse();
        assertThat(cholesterol.path("effectiveDateTime").asText()).as("OBR-7 when OBX-14 is empty").isEqualTo("2025-03-01T08:30:00+08:00");
        JsonNode hemoglobin = observations.get(2);
        assertThat(hemoglobin.path("referenceRange").get(0).path("low").path("value").decimalValue()).isEqualByComparingTo("115");
        assertThat(hemoglobin.path("interpretation").get(0).path("coding").get(0).path("code").asText()).isEqualTo("LL");
        assertThat(hemoglobin.path("status").asText()).isEqualTo("corrected");
        JsonNode note = observations.get(3);
        assertThat(note.path("valueString").asText()).isEqualTo("空腹采血");
        assertThat(note.path("code").path("coding").get(0).path("system").asText()).isEqualTo("urn:cityhealth:source:H001:code");
        JsonNode bloodGroup = observations.get(4);
        assertThat(bloodGroup.path("valueCodeableConcept").path("text").asText()).isEqualTo("A型Rh阳性");
        assertThat(bloodGroup.path("status").asText()).isEqualTo("preliminary");
        JsonNode bnp = observations.get(5);
        assertThat(bnp.path("valueQuantity").path("comparator").asText()).isEqualTo("<");
        assertThat(bnp.path("valueQuantity").path("value").decimalValue()).isEqualByComparingTo("125");
        JsonNode titer = observations.get(6);
        assertThat(titer.path("valueRatio").path("denominator").path("value").decimalValue()).isEqualByComparingTo("160");
        assertThat(titer.path("interpretation").get(0).path("coding").get(0).path("code").asText()).isEqualTo("A");
    }

    @Test
    void aGb18030MessageIsDecodedByItsMsh18() {
        byte[] raw = Hl7Fixtures.bytes("oru_r01_v23_gb18030.hl7", "H001");
        assertThat(new String(raw, StandardCharsets.UTF_8)).as("really GB 18030 bytes").doesNotContain("赵");
        JsonNode bundle = converter.toBundle(SOURCE, raw, CONTENT_TYPE);
        assertThat(only(bundle, "Patient").path("name").get(0).path("text").asText()).isEqualTo("赵丽娟");
        List<JsonNode> observations = resources(bundle, "Observation");
        assertThat(observations.get(0).path("code").path("text").asText()).isEqualTo("白细胞计数");
        assertThat(observations.get(0).path("valueQuantity").path("code").asText()).isEqualTo("10*9/L");
        assertThat(observations.get(1).path("valueString").asText()).isEqualTo("白细胞偏高，建议复查。");
        assertThat(only(bundle, "DiagnosticReport").path("effectiveDateTime").asText()).isEqualTo("2025-03-03T08:30:00+08:00");
    }

    @Test
    void withoutMsh18TheContentTypeCharsetDecides() {
        String text = Hl7Fixtures.text("oru_r01_v23_gb18030.hl7", "H001").replace("|GB 18030-2000", "|");
        JsonNode bundle = converter.toBundle(SOURCE, text.getBytes(Hl7Fixtures.GB18030), CONTENT_TYPE + "; charset=GBK");
        assertThat(only(bundle, "Patient").path("name").get(0).path("family").asText()).isEqualTo("赵");
    }

    @Test
    void ordersBecomeServiceRequestsWithTheirStatus() {
        JsonNode placed = only(convert("orm_o01_v23.hl7"), "ServiceRequest");
        assertThat(placed.path("id").asText()).isEqualTo("ORD5003");
        assertThat(placed.path("status").asText()).isEqualTo("active");
        assertThat(placed.path("intent").asText()).isEqualTo("order");
        assertThat(placed.path("code").path("text").asText()).isEqualTo("胸部CT平扫");
        assertThat(placed.path("authoredOn").asText()).isEqualTo("2025-03-01T08:45:00+08:00");
        assertThat(placed.path("requester").path("display").asText()).isEqualTo("李华");
        assertThat(placed.path("identifier").get(0).path("value").asText()).isEqualTo("ORD5003");
        JsonNode cancelled = only(convert("omg_o19_v251.hl7"), "ServiceRequest");
        assertThat(cancelled.path("status").asText()).isEqualTo("revoked");
        assertThat(cancelled.path("identifier")).hasSize(2);
    }

    @Test
    void aDocumentCarriesItsTextAsAnAttachment() {
        JsonNode document = only(convert("mdm_t02_v24.hl7"), "DocumentReference");
        assertThat(document.path("id").asText()).isEqualTo("DOC-2025-0001");
        assertThat(document.path("docStatus").asText()).isEqualTo("final");
        assertThat(document.path("type").path("text").asText()).isEqualTo("DS");
        assertThat(document.path("date").asText()).isEqualTo("2025-03-05T10:30:00+08:00");
        assertThat(document.path("author").get(0).path("display").asText()).isEqualTo("李华");
        JsonNode attachment = document.path("content").get(0).path("attachment");
        assertThat(attachment.path("contentType").asText()).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String(Base64.getDecoder().decode(attachment.path("data").asText()), StandardCharsets.UTF_8))
                .isEqualTo("患者王小明，因胸痛入院。\n经治疗好转，准予出院。");
    }

    @Test
    void documentsThatEditAddToOrReplaceAnotherNameItsParent() {
        JsonNode replacement = only(convert("mdm_t10_v251.hl7"), "DocumentReference");
        assertThat(replacement.path("id").asText()).isEqualTo("DOC-2025-0002");
        assertThat(replacement.path("relatesTo")).singleElement().satisfies(relation -> {
            assertThat(relation.path("code").asText()).isEqualTo("replaces");
            assertThat(relation.path("target").path("reference").asText()).isEqualTo("DocumentReference/DOC-2025-0001");
        });
        String t10 = Hl7Fixtures.text("mdm_t10_v251.hl7", SOURCE.code());
        JsonNode addendum = only(converter.toBundle(SOURCE, t10.replace("MDM^T10", "MDM^T06").getBytes(StandardCharsets.UTF_8), CONTENT_TYPE),
                "DocumentReference");
        assertThat(addendum.path("relatesTo").get(0).path("code").asText()).isEqualTo("appends");
        JsonNode edit = only(converter.toBundle(SOURCE, t10.replace("MDM^T10", "MDM^T08").replace("DOC-2025-0002^EMR|DOC-2025-0001^EMR",
                "DOC-2025-0001^EMR|").getBytes(StandardCharsets.UTF_8), CONTENT_TYPE), "DocumentReference");
        assertThat(edit.path("id").asText()).as("an edit is a new version of the document itself").isEqualTo("DOC-2025-0001");
        assertThat(edit.has("relatesTo")).isFalse();

        IngestException orphan = refusal(t10.replace("|DOC-2025-0001^EMR|", "||"));
        assertThat(orphan.location()).isEqualTo("TXA^1^13");
        assertThat(Hl7Refusals.errorCode(orphan.issueType(), orphan.location()).getCode()).isEqualTo(101);
        IngestException cancel = refusal(t10.replace("MDM^T10^MDM_T02", "MDM^T11^MDM_T01"));
        assertThat(Hl7Refusals.errorCode(cancel.issueType(), cancel.location()).getCode()).isEqualTo(201);
    }

    @Test
    void anEncapsulatedPdfIsTheReportsPresentedFormAndTheDocumentsContent() throws IOException {
        byte[] pdf = pdf("Discharge summary: chest pain, stent placed");
        String encoded = Base64.getMimeEncoder(76, "".getBytes(StandardCharsets.US_ASCII)).encodeToString(pdf);
        JsonNode bundle = converter.toBundle(SOURCE, ("MSH|^~\\&|LIS|H001|||20250301||ORU^R01|ED1|P|2.5.1\rPID|1||P1\r"
                + "OBR|1||F-ED1|CBC^血常规\rOBX|1|NM|718-7^Hb^LN||130|g/L\rOBX|2|ED|PDF^检验报告单||^AP^PDF^Base64^" + encoded + "||||||F\r")
                .getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
        JsonNode report = only(bundle, "DiagnosticReport");
        JsonNode form = report.path("presentedForm").get(0);
        assertThat(form.path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(Base64.getDecoder().decode(form.path("data").asText())).as("the bytes as sent").isEqualTo(pdf);
        assertThat(form.path("title").asText()).isEqualTo("检验报告单");
        assertThat(resources(bundle, "Observation")).as("the measurement only, not the PDF").hasSize(1);
        assertThat(report.path("result")).hasSize(1);

        String mdm = Hl7Fixtures.text("mdm_t02_v24.hl7", SOURCE.code()).replaceAll("OBX\\|2\\|[^\r]*\r", "")
                .replace("OBX|1|TX|DS^出院小结^99DOC||患者王小明，因胸痛入院。", "OBX|1|ED|DS^出院小结^99DOC||^application^pdf^Base64^" + encoded);
        JsonNode document = only(converter.toBundle(SOURCE, mdm.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE), "DocumentReference");
        assertThat(document.path("content")).hasSize(2);
        assertThat(document.path("content").get(0).path("attachment").path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(Base64.getDecoder().decode(document.path("content").get(0).path("attachment").path("data").asText())).isEqualTo(pdf);
        JsonNode text = document.path("content").get(1).path("attachment");
        assertThat(text.path("contentType").asText()).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String(Base64.getDecoder().decode(text.path("data").asText()), StandardCharsets.UTF_8))
                .as("the PDF's text, for search").contains("Discharge summary: chest pain, stent placed");
    }

    @Test
    void brokenEncapsulatedDataIsRefusedWhere() {
        String head = "MSH|^~\\&|LIS|H001|||20250301||ORU^R01|ED2|P|2.5.1\rPID|1||P1\rOBR|1||F-ED2|CBC\r";
        IngestException notBase64 = refusal(head + "OBX|1|ED|PDF^报告||^AP^PDF^Base64^@@not base64@@\r");
        assertThat(notBase64.location()).isEqualTo("OBX^1^5");
        assertThat(Hl7Refusals.errorCode(notBase64.issueType(), notBase64.location()).getCode()).isEqualTo(102);
        IngestException encoding = refusal(head + "OBX|1|ED|PDF^报告||^AP^PDF^Rot13^abc\r");
        assertThat(Hl7Refusals.errorCode(encoding.issueType(), encoding.location()).getCode()).isEqualTo(103);
        IngestException empty = refusal(head + "OBX|1|ED|PDF^报告||^AP^PDF^Base64\r");
        assertThat(Hl7Refusals.errorCode(empty.issueType(), empty.location()).getCode()).isEqualTo(101);
        IngestException noReport = refusal("MSH|^~\\&|LIS|H001|||20250301||ORU^R01|ED3|P|2.5.1\rPID|1||P1\rOBX|1|ED|PDF||^AP^PDF^Base64^QUJD\r");
        assertThat(noReport.getMessage()).contains("outside a report");
    }

    /** A one-page PDF of an ASCII line in a standard font. */
    private static byte[] pdf(String line) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                stream.beginText();
                stream.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                stream.newLineAtOffset(72, 700);
                stream.showText(line);
                stream.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void pharmacyMessagesBecomeMedicationRequestAndDispense() {
        JsonNode request = only(convert("rde_o11_v24.hl7"), "MedicationRequest");
        assertThat(request.path("id").asText()).isEqualTo("RX5001");
        assertThat(request.path("status").asText()).isEqualTo("active");
        assertThat(request.path("medicationCodeableConcept").path("text").asText()).isEqualTo("阿司匹林肠溶片");
        JsonNode dosage = request.path("dosageInstruction").get(0);
        assertThat(dosage.path("doseAndRate").get(0).path("doseQuantity").path("value").decimalValue()).isEqualByComparingTo("100");
        assertThat(dosage.path("doseAndRate").get(0).path("doseQuantity").path("unit").asText()).isEqualTo("毫克");
        assertThat(dosage.path("route").path("coding").get(0).path("code").asText()).isEqualTo("PO");
        JsonNode timing = dosage.path("timing");
        assertThat(timing.path("code").path("coding").get(0).path("code").asText()).as("RXE-1's interval").isEqualTo("BID");
        assertThat(timing.path("repeat").path("frequency").asInt()).isEqualTo(2);
        assertThat(timing.path("repeat").path("period").asInt()).isEqualTo(1);
        assertThat(timing.path("repeat").path("periodUnit").asText()).isEqualTo("d");
        assertThat(timing.path("repeat").path("boundsPeriod").path("start").asText()).isEqualTo("2025-03-01");
        assertThat(request.path("dispenseRequest").path("quantity").path("value").decimalValue()).isEqualByComparingTo("14");
        JsonNode dispense = only(convert("rds_o13_v251.hl7"), "MedicationDispense");
        assertThat(dispense.path("status").asText()).isEqualTo("completed");
        assertThat(dispense.path("quantity").path("value").decimalValue()).isEqualByComparingTo("14");
        assertThat(dispense.path("whenHandedOver").asText()).isEqualTo("2025-03-01T10:25:00+08:00");
    }

    @Test
    void aTq1SegmentTimesTheDoseAndPrnMakesItAsNeeded() {
        String head = "MSH|^~\\&|HIS|H001|||20250301||RDE^O11^RDE_O11|T%d|P|2.5.1\rPID|1||P1\rORC|NW|RX-T%d\r";
        String rxe = "RXE||86009^阿司匹林^99DRUG|100||mg\r";
        JsonNode every8Hours = dosageOf(head.formatted(1, 1) + "TQ1|1||Q8H PRN||||20250301080000+0800|20250308080000+0800\r" + rxe);
        assertThat(every8Hours.path("asNeededBoolean").asBoolean()).isTrue();
        assertThat(every8Hours.path("timing").path("repeat").path("frequency").asInt()).isEqualTo(1);
        assertThat(every8Hours.path("timing").path("repeat").path("period").asInt()).isEqualTo(8);
        assertThat(every8Hours.path("timing").path("repeat").path("periodUnit").asText()).isEqualTo("h");
        assertThat(every8Hours.path("timing").path("repeat").path("boundsPeriod").path("end").asText()).isEqualTo("2025-03-08T08:00:00+08:00");
        assertThat(every8Hours.path("timing").path("code").path("text").asText()).isEqualTo("Q8H PRN");
        JsonNode nightly = dosageOf(head.formatted(2, 2) + "TQ1|1||QN\r" + rxe);
        assertThat(nightly.path("timing").path("repeat").path("when").get(0).asText()).as("每晚").isEqualTo("NIGHT");
        assertThat(nightly.path("timing").path("code").has("coding")).as("not a GTS abbreviation").isFalse();
        assertThat(dosageOf(head.formatted(4, 4) + "TQ1|1||Q6H||||||PRN\r" + rxe).path("asNeededBoolean").asBoolean())
                .as("PRN as TQ1-9 priority").isTrue();
        JsonNode unknown = dosageOf(head.formatted(3, 3) + "TQ1|1||饭后\r" + rxe);
        assertThat(unknown.path("timing").path("code").path("text").asText()).as("kept as written").isEqualTo("饭后");
        assertThat(unknown.path("timing").has("repeat")).isFalse();
    }

    private JsonNode dosageOf(String message) {
        return only(converter.toBundle(SOURCE, message.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE), "MedicationRequest")
                .path("dosageInstruction").get(0);
    }

    @Test
    void aVaccinationBecomesAnImmunizationCodedInCvx() {
        JsonNode immunization = only(convert("vxu_v04_v251.hl7"), "Immunization");
        assertThat(immunization.path("status").asText()).isEqualTo("completed");
        assertThat(immunization.path("vaccineCode").path("coding").get(0).path("system").asText()).isEqualTo("http://hl7.org/fhir/sid/cvx");
        assertThat(immunization.path("vaccineCode").path("coding").get(0).path("code").asText()).isEqualTo("08");
        assertThat(immunization.path("occurrenceDateTime").asText()).isEqualTo("2025-04-01T08:30:00+08:00");
        assertThat(immunization.path("lotNumber").asText()).isEqualTo("LOT2025A");
        assertThat(immunization.path("expirationDate").asText()).isEqualTo("2026-12-31");
        assertThat(immunization.path("doseQuantity").path("value").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(immunization.path("route").path("coding").get(0).path("code").asText()).isEqualTo("IM");
        assertThat(immunization.path("patient").path("reference").asText()).isEqualTo("Patient/MRN30001");
    }

    @Test
    void theSameMessageAlwaysGivesTheSameBundleAndANewControlIdTheSameIds() {
        JsonNode first = convert("oru_r01_v251.hl7");
        assertThat(convert("oru_r01_v251.hl7")).isEqualTo(first);
        String resent = Hl7Fixtures.text("oru_r01_v251.hl7", "H001").replace("LAB0001", "LAB0001-R").replace("20250301103000+0800||ORU", "20250301113000+0800||ORU");
        JsonNode second = converter.toBundle(SOURCE, resent.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
        assertThat(second.findValuesAsText("url")).isEqualTo(first.findValuesAsText("url"));
    }

    @Test
    void aResultWithoutOrderNumbersIsNamedByPatientTestAndTimeSoAResendFindsIt() {
        String message = "MSH|^~\\&|LIS|H001|||20250301||ORU^R01|%s|P|2.5.1\rPID|1||MRN1^^^H001^MR\r"
                + "OBR|1|||718-7^Hb^LN|||%s\rOBX|1|NM|718-7^Hb^LN||130|g/L\r"
                + "OBR|2|||718-7^Hb^LN|||%s\rOBX|1|NM|718-7^Hb^LN||131|g/L\r";
        List<String> first = urls(message.formatted("C1", "20250301080000", "20250301090000"));
        List<String> resent = urls(message.formatted("C2", "20250301080000", "20250301090000"));
        List<String> later = urls(message.formatted("C3", "20250302080000", "20250302090000"));
        List<String> twice = urls(message.formatted("C4", "20250301080000", "20250301080000"));

        assertThat(resent).as("a new control id names the same resources").isEqualTo(first);
        assertThat(first.stream().filter(url -> url.startsWith("DiagnosticReport/")).distinct()).hasSize(2);
        assertThat(later.stream().filter(url -> url.startsWith("DiagnosticReport/"))).doesNotContainAnyElementsOf(first);
        assertThat(twice.stream().filter(url -> url.startsWith("DiagnosticReport/")).distinct()).as("alike OBRs of one message").hasSize(2);
        assertThat(twice.stream().filter(url -> url.startsWith("Observation/")).distinct()).hasSize(2);
    }

    @Test
    void ordersAndVaccinationsWithoutNumbersAreNamedByPatientWhatAndWhenSoAResendFindsThem() {
        String vxu = Hl7Fixtures.text("vxu_v04_v251.hl7", "H001").replace("ORC|RE||VAX9001", "ORC|RE");
        List<String> first = urls(vxu);
        List<String> resent = urls(vxu.replace("|VAX0001|", "|VAX0002|"));
        List<String> anotherDose = urls(vxu.replace("|VAX0001|", "|VAX0003|").replace("RXA|0|1|20250401083000+0800", "RXA|0|1|20250501083000+0800"));

        assertThat(resent).as("a new control id names the same Immunization").isEqualTo(first);
        assertThat(anotherDose.stream().filter(url -> url.startsWith("Immunization/"))).doesNotContainAnyElementsOf(first);
        String order = "MSH|^~\\&|HIS|H001|||20250301||ORM^O01|%s|P|2.5.1\rPID|1||MRN1^^^H001^MR\rORC|NW||||||||20250301080000\r"
                + "OBR|1|||71020^Chest X-ray^C4\r";
        assertThat(urls(order.formatted("O2"))).as("an order without numbers, by patient, service and ORC-9").isEqualTo(urls(order.formatted("O1")));
    }

    private List<String> urls(String message) {
        return converter.toBundle(SOURCE, message.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE).findValuesAsText("url");
    }

    @Test
    void longOrOddSourceIdsBecomeValidFhirIds() {
        String text = Hl7Fixtures.text("adt_a01_v23.hl7", "H001").replace("MRN10001", "MRN 10001/甲" + "9".repeat(80));
        JsonNode patient = only(converter.toBundle(SOURCE, text.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE), "Patient");
        assertThat(patient.path("id").asText()).matches("[A-Za-z0-9\\-.]{1,64}");
    }

    @Test
    void aBrokenHeaderIsRejectedNamingTheField() {
        IngestException notMsh = refusal("PID|1||X\r");
        assertThat(notMsh.status()).isEqualTo(400);
        assertThat(notMsh.location()).isEqualTo("MSH^1");
        IngestException encoding = refusal("MSH|^^^^|HIS|H001|||20250301||ADT^A01|1|P|2.5\r");
        assertThat(encoding.location()).isEqualTo("MSH^1^2");
        IngestException noType = refusal("MSH|^~\\&|HIS|H001|||20250301|||1|P|2.5\r");
        assertThat(noType.location()).isEqualTo("MSH^1^9");
        assertThat(Hl7Refusals.errorCode(noType.issueType(), noType.location()).getCode()).isEqualTo(101);
        IngestException noControlId = refusal("MSH|^~\\&|HIS|H001|||20250301||ADT^A01||P|2.5\r");
        assertThat(noControlId.location()).isEqualTo("MSH^1^10");
        IngestException version = refusal("MSH|^~\\&|HIS|H001|||20250301||ADT^A01|1|P|2.9\r");
        assertThat(Hl7Refusals.errorCode(version.issueType(), version.location()).getCode()).isEqualTo(203);
        IngestException otherSource = refusal("MSH|^~\\&|HIS|H999|||20250301||ADT^A01|1|P|2.5\rPID|1||X\r");
        assertThat(otherSource.location()).isEqualTo("MSH^1^4");
        assertThat(Hl7Refusals.errorCode(otherSource.issueType(), otherSource.location()).getCode()).isEqualTo(204);
    }

    @Test
    void unknownTypesAndEventsAreRejectedAndMissingContentIsAnError() {
        IngestException trigger = refusal("MSH|^~\\&|HIS|H001|||20250301||ADT^A99|1|P|2.5\rPID|1||X\r");
        assertThat(trigger.status()).isEqualTo(400);
        assertThat(Hl7Refusals.errorCode(trigger.issueType(), trigger.location()).getCode()).isEqualTo(201);
        IngestException type = refusal("MSH|^~\\&|HIS|H001|||20250301||ZZZ^Z01|1|P|2.5\rPID|1||X\r");
        assertThat(Hl7Refusals.errorCode(type.issueType(), type.location()).getCode()).isEqualTo(200);
        IngestException noPatientId = refusal("MSH|^~\\&|HIS|H001|||20250301||ADT^A01|1|P|2.5\rPID|1||||王^五\r");
        assertThat(noPatientId.status()).isEqualTo(422);
        assertThat(noPatientId.location()).isEqualTo("PID^1^3");
        assertThat(Hl7Refusals.errorCode(noPatientId.issueType(), noPatientId.location()).getCode()).isEqualTo(101);
        IngestException badNumber = refusal("MSH|^~\\&|LIS|H001|||20250301||ORU^R01|1|P|2.5\rPID|1||X\rOBR|1||F1|CBC\rOBX|1|NM|718-7^Hb^LN||abc\r");
        assertThat(badNumber.location()).isEqualTo("OBX^1^5");
        IngestException badDate = refusal("MSH|^~\\&|HIS|H001|||20250301||ADT^A01|1|P|2.5\rPID|1||X||王^五||19851345\r");
        assertThat(badDate.location()).isEqualTo("PID^1^7");
    }
}
