package org.cityhealth.hub.vault;

import java.util.List;
import org.cityhealth.hub.CityZone;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
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

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid filter");
        return problem;
    }
}
