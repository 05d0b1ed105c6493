package org.cityhealth.hub.ingest;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.cityhealth.hub.access.SourceAuthentication;
import org.cityhealth.hub.vault.PayloadTooLargeException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /ingest/ndjson} starts a bulk load; {@code GET /ingest/jobs/{id}} reports its progress. */
@RestController
class BulkIngestController {

    private final BulkIngest bulk;

    BulkIngestController(BulkIngest bulk) {
        this.bulk = bulk;
    }

    @PostMapping("/ingest/ndjson")
    ResponseEntity<BulkJob.Status> upload(HttpServletRequest request, @RequestParam(defaultValue = "false") boolean wait)
            throws IOException {
        var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof SourceAuthentication source)) {
            throw new IngestException(403, "forbidden", "Authorization", "only registered sources may load records");
        }
        if (!BulkIngest.acceptsContentType(request.getContentType())) {
            throw new IngestException(415, "not-supported", "Content-Type", "unsupported media type " + request.getContentType()
                    + ": send application/fhir+ndjson (or application/x-ndjson, application/gzip)");
        }
        BulkJob job = bulk.submit(source.getPrincipal(), request.getInputStream(), request.getContentType(),
                request.getHeader("Content-Encoding"), wait);
        BulkJob.Status status = job.status();
        return ResponseEntity.status(status.state() == BulkJob.State.RUNNING ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .header("Content-Location", "/ingest/jobs/" + job.id())
                .body(status);
    }

    @GetMapping("/ingest/jobs/{id}")
    ResponseEntity<BulkJob.Status> job(@PathVariable String id) {
        return bulk.job(id).map(job -> ResponseEntity.ok(job.status()))
                .orElseThrow(() -> new IngestException(404, "not-found", id, "no bulk job " + id));
    }

    @ExceptionHandler(IngestException.class)
    ProblemDetail refused(IngestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.status()), e.getMessage());
        problem.setTitle(OperationOutcomes.reason(e.status()));
        return problem;
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
        problem.setTitle("Payload Too Large");
        return problem;
    }
}
