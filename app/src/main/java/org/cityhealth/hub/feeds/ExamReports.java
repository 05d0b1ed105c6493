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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
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
    private static final Set<String> ABNORMAL = Set.of("H", "L", "A", "HH", "LL", "AA");

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

    /** One result as shown: value with its unit, the reference range as text, and the flag (H, L, N, A, HH, LL, AA…) or null. */
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
        // All sources in one query: a list of a hundred exams would otherwise look its sources up a hundred times.
        Map<Long, Source> sourcesById = sources.all().stream().collect(Collectors.toMap(Source::id, Function.identity()));
        List<ExamSummary> exams = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            JsonNode report = reports.get(i);
            List<ExamResult> results = references(report.path("result")).stream().map(observations::get).filter(Objects::nonNull)
                    .map(ExamReports::result).toList();
            exams.add(summary(page.resources().get(i), report, patients, sourcesById.get(page.resources().get(i).sourceId()), results));
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
        Source source = sources.byId(stored.get().sourceId()).orElse(null);
        List<ExamResult> results = new ArrayList<>();
        Map<String, List<ExamResult>> groups = new LinkedHashMap<>();
        for (String reference : references(report.path("result"))) {
            JsonNode observation = observations.get(reference);
            if (observation != null) {
                ExamResult result = result(observation);
                results.add(result);
                groups.computeIfAbsent(group(observation), name -> new ArrayList<>()).add(result);
            }
        }
        ExamSummary summary = summary(stored.get(), report, patients, source, results);
        List<ResultGroup> grouped = new ArrayList<>();
        groups.forEach((name, groupResults) -> grouped.add(new ResultGroup(name, List.copyOf(groupResults))));
        return Optional.of(new ExamDetail(summary, grouped, documents(stored.get(), source, summary.examId())));
    }

    /**
     * The PDF of one exam's DocumentReference, if the report is a check-up and the document a check-up PDF of the
     * same exam (same source, same exam id): a download must not open any document by id. Reads the report and the
     * document once each, as every read of the store counts as a read of the person's record.
     */
    public Optional<ExamPdf> pdf(String reportId, String documentId) {
        StoredResource report = store.read("DiagnosticReport", reportId).filter(resource -> !resource.deleted()).orElse(null);
        JsonNode reportTree = report == null ? null : tree(report);
        Source source = report == null || !isCheckup(reportTree) ? null : sources.byId(report.sourceId()).orElse(null);
        String examId = source == null ? null : examId(reportTree, source);
        if (examId == null) {
            return Optional.empty();
        }
        Optional<StoredResource> stored = store.read("DocumentReference", documentId)
                .filter(resource -> !resource.deleted() && resource.sourceId() == report.sourceId());
        JsonNode document = stored.map(this::tree).orElse(null);
        if (document == null || !isCheckup(document) || !examId.equals(examId(document, source))) {
            return Optional.empty();
        }
        for (JsonNode content : document.path("content")) {
            JsonNode attachment = content.path("attachment");
            if ("application/pdf".equals(attachment.path("contentType").asText()) && attachment.path("data").isTextual()) {
                return Optional.of(new ExamPdf(stored.get().personKey(), Base64.getDecoder().decode(attachment.path("data").asText())));
            }
        }
        return Optional.empty();
    }

    /** PDFs sent for the same exam (same source, same exam id). */
    private List<ExamDocument> documents(StoredResource report, Source source, String examId) {
        if (examId == null || source == null) {
            return List.of();
        }
        List<String> ids = store.idsByToken("DocumentReference", "identifier", examIdSystem(source.code()), examId, report.sourceId());
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

    /**
     * A report as listed. {@code source} is the report's source, null if it is gone; {@code results} are those of its
     * results still in the store, while the count shown is of all it names.
     */
    private static ExamSummary summary(StoredResource stored, JsonNode report, Map<String, JsonNode> patients, Source source,
                                       List<ExamResult> results) {
        JsonNode patient = patients.get(id(report.path("subject")));
        String name = patient == null ? null : patient.path("name").path(0).path("text").asText(null);
        String residentMasked = patient == null ? null : ResidentIdentifiers.find(patient)
                .flatMap(marked -> ResidentId.parse(marked.value())).map(ResidentId::masked).orElse(null);
        int abnormal = (int) results.stream().filter(ExamResult::abnormal).count();
        return new ExamSummary(stored.id(), source == null ? null : examId(report, source), stored.personKey(), name, residentMasked,
                report.path("effectiveDateTime").asText(null), source == null ? null : source.code(), source == null ? null : source.name(),
                report.path("result").size(), abnormal);
    }

    /** The exam id (体检号) a report or document of the source carries, or null. */
    private static String examId(JsonNode resource, Source source) {
        String system = examIdSystem(source.code());
        for (JsonNode identifier : resource.path("identifier")) {
            if (system.equals(identifier.path("system").asText()) && identifier.path("value").isTextual()) {
                return identifier.path("value").asText();
            }
        }
        return null;
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
