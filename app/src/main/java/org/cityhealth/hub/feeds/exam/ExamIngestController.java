package org.cityhealth.hub.feeds.exam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cityhealth.hub.access.SourceAuthentication;
import org.cityhealth.hub.ingest.FeedResult;
import org.cityhealth.hub.ingest.FhirIngest;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.vault.PayloadTooLargeException;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ingest/exam}: an exam centre's file, CSV, Excel or PDF by its Content-Type. Answers a summary of what
 * was stored, or RFC 9457 problem details naming what is wrong (the file is then kept in the vault as rejected).
 * A PDF's person and exam may be given as query parameters {@code patient} (resident ID), {@code patient-id},
 * {@code exam-id} and {@code exam-date}.
 */
@RestController
class ExamIngestController {

    private static final Logger log = LoggerFactory.getLogger(ExamIngestController.class);

    private final FhirIngest ingest;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    ExamIngestController(FhirIngest ingest, ObjectMapper mapper, MeterRegistry meters) {
        this.ingest = ingest;
        this.mapper = mapper;
        this.meters = meters;
    }

    /** What a stored file became; counted from the transaction's response, so a resend reports the same. */
    record Summary(long submissionId, boolean resend, int persons, int exams, int observations, int documents) {
    }

    @PostMapping("/ingest/exam")
    ResponseEntity<?> upload(HttpServletRequest request,
                             @RequestParam(name = ExamPdfConverter.PATIENT, required = false) String patient,
                             @RequestParam(name = ExamPdfConverter.PATIENT_ID, required = false) String patientId,
                             @RequestParam(name = ExamPdfConverter.EXAM_ID, required = false) String examId,
                             @RequestParam(name = ExamPdfConverter.EXAM_DATE, required = false) String examDate) throws IOException {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof SourceAuthentication authentication)) {
            throw new IngestException(403, "forbidden", "Authorization", "only registered sources may send exam files");
        }
        Source source = authentication.getPrincipal();
        String contentType = request.getContentType();
        SubmissionFormat format = ExamMediaTypes.format(contentType);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(ExamPdfConverter.PATIENT, patient);
        parameters.put(ExamPdfConverter.PATIENT_ID, patientId);
        parameters.put(ExamPdfConverter.EXAM_ID, examId);
        parameters.put(ExamPdfConverter.EXAM_DATE, examDate);
        if (format == SubmissionFormat.EXAM_PDF) {
            contentType = ExamMediaTypes.pdf(parameters);
        } else if (parameters.values().stream().anyMatch(value -> value != null)) {
            throw new IngestException(400, "invalid", "query", "patient, patient-id, exam-id and exam-date are for PDFs; a table names them in its columns");
        }
        FeedResult outcome = ingest.submitFeed(source, request.getInputStream(), format, contentType);
        JsonNode body = mapper.readTree(outcome.result().body());
        long submission = outcome.result().submissionId();
        meters.counter("cityhealth.feeds.exam.files", "format", format.name(), "outcome", outcome.accepted() ? "accepted" : "rejected").increment();
        if (outcome.accepted()) {
            Summary summary = summary(submission, outcome.result().resend(), body);
            log.info("exam file {} from {} ({}): {} exams, {} observations, {} documents", submission, source.code(), format,
                    summary.exams(), summary.observations(), summary.documents());
            return ResponseEntity.ok(summary);
        }
        String detail = outcome.refusal() != null ? outcome.refusal().location() + ": " + outcome.refusal().getMessage()
                : outcome.reason() != null ? outcome.reason() : body.path("issue").path(0).path("diagnostics").asText("refused");
        log.info("exam file {} from {} ({}) refused with {}: {}", submission, source.code(), format, outcome.result().status(),
                outcome.refusal() != null ? outcome.refusal().location() : "resend");
        ProblemDetail problem = problem(outcome.result().status(), detail);
        problem.setProperty("submissionId", submission);
        if (outcome.refusal() != null) {
            problem.setProperty("location", outcome.refusal().location());
        }
        return ResponseEntity.status(outcome.result().status()).body(problem);
    }

    private static Summary summary(long submission, boolean resend, JsonNode response) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JsonNode entry : response.path("entry")) {
            String location = entry.path("response").path("location").asText("");
            counts.merge(location.split("/", 2)[0], 1, Integer::sum);
        }
        return new Summary(submission, resend, counts.getOrDefault("Patient", 0), counts.getOrDefault("DiagnosticReport", 0),
                counts.getOrDefault("Observation", 0), counts.getOrDefault("DocumentReference", 0));
    }

    private static ProblemDetail problem(int status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        problem.setTitle(HttpStatus.valueOf(status).getReasonPhrase());
        return problem;
    }

    @ExceptionHandler(IngestException.class)
    ProblemDetail refused(IngestException e) {
        return problem(e.status(), e.location() + ": " + e.getMessage());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE.value(), e.getMessage());
    }
}
