package org.cityhealth.hub.feeds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cityhealth.hub.identity.ResidentIdentifiers;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.SearchCriterion;
import org.cityhealth.hub.store.SearchPage;
import org.cityhealth.hub.store.SearchRequest;
import org.cityhealth.hub.store.StoredResource;
import org.cityhealth.identity.ResidentId;
import org.springframework.stereotype.Service;

/**
 * Health check-up reports as the exam pages show them: the DiagnosticReports the exam feed stores (marked with the
 * hub's category "health-checkup"), each with its person, results and any PDF of the same exam. Reads the store's
 * current versions only; what the page shows is the record, not its history.
 */
@Service
public class ExamReports {

    /** The hub's code system of report categories, and the code marking a health check-up (健康体检). */
    public static final String CATEGORY_SYSTEM = "urn:cityhealth:report-category";
    public static final String CATEGORY_CODE = "health-checkup";
    /** LOINC "Laboratory report": the code of exam reports and their PDFs (see the exam feed for why). */
    public static final String REPORT_LOINC = "11502-2";
    /** Title of the attachment holding a PDF's extracted text. */
    public static final String TEXT_TITLE = "extracted-text.txt";
    private static final Set<String> ABNORMAL = Set.of("H", "L", "A", "HH", "LL");

    private final ResourceStore store;
    private final SourceRegistry sources;
    private final ObjectMapper mapper;

    ExamReports(ResourceStore store, SourceRegistry sources, ObjectMapper mapper) {
        this.store = store;
        this.sources = sources;
        this.mapper = mapper;
    }

    /** The identifier system of a source's exam ids (体检号). */
    public static String examIdSystem(String sourceCode) {
        return "urn:cityhealth:source:" + sourceCode + ":exam-id";
    }

    /** One exam in a list. {@code residentMasked} shows only the ends of the number. */
    public record ExamSummary(String id, String examId, long personKey, String personName, String residentMasked, String date,
                              String sourceCode, String sourceName, int results, int abnormal) {
    }

    /** One result as shown: value with its unit, the reference range as text, and the flag (H, L, N, A) or null. */
    public record ExamResult(String name, String code, String value, String unit, String range, String flag) {
        public boolean abnormal() {
            return flag != null && ABNORMAL.contains(flag);
        }
    }

    public record ResultGroup(String name, List<ExamResult> results) {
    }

    /** A PDF of the exam, by its DocumentReference id. */
    public record ExamDocument(String id, String title, long size) {
    }

    public record ExamDetail(ExamSummary summary, List<ResultGroup> groups, List<ExamDocument> documents) {
    }

    /** A PDF's bytes and whose record it is. */
    public record ExamPdf(long personKey, byte[] bytes) {
    }

    /** The most recent exams by exam date, and how many there are in all. */
    public record ExamList(List<ExamSummary> exams, long total) {
    }

    public ExamList recent(int limit) {
        SearchPage page = store.search(new SearchRequest("DiagnosticReport", List.of(new SearchCriterion.Tokens("category",
                List.of(new SearchCriterion.Token(CATEGORY_SYSTEM, CATEGORY_CODE)))), SearchRequest.Sort.DATE_DESC, limit, 0, true));
        List<JsonNode> reports = page.resources().stream().map(this::tree).toList();
        Map<String, JsonNode> observations = currentById(reports.stream().flatMap(report -> references(report.path("result")).stream()).toList());
        Map<String, JsonNode> patients = currentById(reports.stream().map(report -> id(report.path("subject"))).toList());
        List<ExamSummary> exams = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            exams.add(summary(page.resources().get(i), reports.get(i), patients, observations));
        }
        return new ExamList(exams, page.total() == null ? exams.size() : page.total());
    }

    public Optional<ExamDetail> exam(String id) {
        Optional<StoredResource> stored = store.read("DiagnosticReport", id).filter(resource -> !resource.deleted());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        JsonNode report = tree(stored.get());
        if (!isCheckup(report)) {
            return Optional.empty();
        }
        Map<String, JsonNode> observations = currentById(references(report.path("result")));
        Map<String, JsonNode> patients = currentById(List.of(id(report.path("subject"))));
        ExamSummary summary = summary(stored.get(), report, patients, observations);
        Map<String, List<ExamResult>> groups = new LinkedHashMap<>();
        for (String reference : references(report.path("result"))) {
            JsonNode observation = observations.get(reference);
            if (observation != null) {
                groups.computeIfAbsent(group(observation), name -> new ArrayList<>()).add(result(observation));
            }
        }
        List<ResultGroup> grouped = new ArrayList<>();
        groups.forEach((name, results) -> grouped.add(new ResultGroup(name, List.copyOf(results))));
        return Optional.of(new ExamDetail(summary, grouped, documents(stored.get(), summary.examId())));
    }

    /** The PDF of a check-up DocumentReference, if it is one and has a PDF. */
    public Optional<ExamPdf> pdf(String documentId) {
        return store.read("DocumentReference", documentId).filter(resource -> !resource.deleted()).flatMap(stored -> {
            JsonNode document = tree(stored);
            if (!isCheckup(document)) {
                return Optional.empty();
            }
            for (JsonNode content : document.path("content")) {
                JsonNode attachment = content.path("attachment");
                if ("application/pdf".equals(attachment.path("contentType").asText()) && attachment.path("data").isTextual()) {
                    return Optional.of(new ExamPdf(stored.personKey(), Base64.getDecoder().decode(attachment.path("data").asText())));
                }
            }
            return Optional.empty();
        });
    }

    /** PDFs sent for the same exam (same source, same exam id). */
    private List<ExamDocument> documents(StoredResource report, String examId) {
        Optional<Source> source = sources.byId(report.sourceId());
        if (examId == null || source.isEmpty()) {
            return List.of();
        }
        List<String> ids = store.idsByToken("DocumentReference", "identifier", examIdSystem(source.get().code()), examId, report.sourceId());
        List<ExamDocument> documents = new ArrayList<>();
        for (StoredResource stored : store.readCurrent(ids)) {
            for (JsonNode content : tree(stored).path("content")) {
                JsonNode attachment = content.path("attachment");
                if ("application/pdf".equals(attachment.path("contentType").asText())) {
                    documents.add(new ExamDocument(stored.id(), attachment.path("title").asText("PDF"), attachment.path("size").asLong()));
                }
            }
        }
        return documents;
    }

    private ExamSummary summary(StoredResource stored, JsonNode report, Map<String, JsonNode> patients, Map<String, JsonNode> observations) {
        JsonNode patient = patients.get(id(report.path("subject")));
        String name = patient == null ? null : patient.path("name").path(0).path("text").asText(null);
        String residentMasked = null;
        if (patient != null) {
            for (JsonNode identifier : patient.path("identifier")) {
                Optional<ResidentId> residentId = ResidentId.parse(identifier.path("value").asText(null))
                        .filter(any -> ResidentIdentifiers.SYSTEM.equals(identifier.path("system").asText()));
                if (residentId.isPresent()) {
                    residentMasked = residentId.get().masked();
                }
            }
        }
        List<String> results = references(report.path("result"));
        int abnormal = (int) results.stream().map(observations::get).filter(observation -> observation != null && result(observation).abnormal()).count();
        Optional<Source> source = sources.byId(stored.sourceId());
        String examId = null;
        for (JsonNode identifier : report.path("identifier")) {
            if (source.isPresent() && examIdSystem(source.get().code()).equals(identifier.path("system").asText())) {
                examId = identifier.path("value").asText();
            }
        }
        return new ExamSummary(stored.id(), examId, stored.personKey(), name, residentMasked, report.path("effectiveDateTime").asText(null),
                source.map(Source::code).orElse(null), source.map(Source::name).orElse(null), results.size(), abnormal);
    }

    private static ExamResult result(JsonNode observation) {
        JsonNode code = observation.path("code");
        String name = code.path("text").asText(code.path("coding").path(0).path("display").asText(code.path("coding").path(0).path("code").asText()));
        JsonNode quantity = observation.path("valueQuantity");
        String value;
        String unit = null;
        if (quantity.isObject()) {
            value = quantity.path("comparator").asText("") + quantity.path("value").decimalValue().toPlainString();
            unit = quantity.path("unit").asText(quantity.path("code").asText(null));
        } else {
            value = observation.path("valueString").asText(observation.path("valueCodeableConcept").path("text").asText(""));
        }
        JsonNode range = observation.path("referenceRange").path(0);
        String rangeText = range.path("text").asText(null);
        if (rangeText == null && (range.has("low") || range.has("high"))) {
            String low = range.path("low").path("value").isNumber() ? range.path("low").path("value").decimalValue().toPlainString() : null;
            String high = range.path("high").path("value").isNumber() ? range.path("high").path("value").decimalValue().toPlainString() : null;
            rangeText = low != null && high != null ? low + "–" + high : low != null ? "≥" + low : "≤" + high;
        }
        String flag = observation.path("interpretation").path(0).path("coding").path(0).path("code").asText(null);
        return new ExamResult(name, code.path("coding").path(0).path("code").asText(null), value, unit, rangeText, flag);
    }

    /** The heading of a result: the exam feed's text-only category, else none (shown as "other"). */
    private static String group(JsonNode observation) {
        for (JsonNode category : observation.path("category")) {
            if (!category.has("coding") && category.path("text").isTextual()) {
                return category.path("text").asText();
            }
        }
        return "";
    }

    private static boolean isCheckup(JsonNode resource) {
        for (JsonNode category : resource.path("category")) {
            for (JsonNode coding : category.path("coding")) {
                if (CATEGORY_SYSTEM.equals(coding.path("system").asText()) && CATEGORY_CODE.equals(coding.path("code").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private Map<String, JsonNode> currentById(List<String> ids) {
        Map<String, JsonNode> found = new HashMap<>();
        for (StoredResource resource : store.readCurrent(ids.stream().filter(id -> id != null).distinct().toList())) {
            found.put(resource.id(), tree(resource));
        }
        return found;
    }

    private static List<String> references(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(reference -> ids.add(id(reference)));
        return ids;
    }

    /** The id of a relative reference {@code Type/id}; ids are unique across types in the store. */
    private static String id(JsonNode reference) {
        String text = reference.path("reference").asText("");
        int slash = text.indexOf('/');
        return slash < 0 ? null : text.substring(slash + 1);
    }

    private JsonNode tree(StoredResource resource) {
        try {
            return mapper.readTree(resource.body());
        } catch (IOException e) {
            throw new UncheckedIOException("stored " + resource.type() + "/" + resource.id() + " is not JSON", e);
        }
    }
}
