package org.cityhealth.hub.vault;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.List;
import org.cityhealth.hub.CityZone;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/vault}: the manifest, filtered by source, status and receive time. */
@RestController
class VaultController {

    private final Vault vault;

    VaultController(Vault vault) {
        this.vault = vault;
    }

    @GetMapping("/admin/vault")
    List<VaultSubmission> list(@RequestParam(required = false) String source, @RequestParam(required = false) String status,
                               @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        SubmissionStatus parsedStatus;
        try {
            parsedStatus = status == null ? null : SubmissionStatus.valueOf(status.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status must be PENDING, ACCEPTED or REJECTED");
        }
        return vault.list(new VaultQuery(source, parsedStatus, CityZone.startOf(from), CityZone.startOf(to), limit, offset));
    }

    /** The bytes exactly as the source sent them, e.g. a refused HL7 message to discuss with its hospital. */
    @GetMapping("/admin/vault/{id}/original")
    ResponseEntity<Resource> original(@PathVariable long id, Principal principal) throws IOException {
        VaultSubmission submission = vault.byId(id).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no submission " + id), null));
        InputStream original = vault.exportOriginal(submission, principal == null ? "anonymous" : principal.getName());
        return ResponseEntity.ok().contentType(mediaType(submission.contentType())).contentLength(submission.sizeBytes())
                .header("Content-Disposition", "attachment; filename=\"submission-" + id + "." + submission.format().extension() + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .body(new InputStreamResource(original));
    }

    /** The type the source declared, when it is one: a sender's odd header must not turn a download into an error. */
    private static MediaType mediaType(String declared) {
        try {
            return declared == null || declared.isBlank() ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(declared);
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid filter");
        return problem;
    }
}
