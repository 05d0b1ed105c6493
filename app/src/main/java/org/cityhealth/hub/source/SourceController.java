package org.cityhealth.hub.source;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Operator API for sources: register one (its token is in this response only) and list them with volumes. */
@RestController
class SourceController {

    private final SourceRegistry registry;

    SourceController(SourceRegistry registry) {
        this.registry = registry;
    }

    @PostMapping("/admin/sources")
    ResponseEntity<RegisteredSource> register(@RequestBody NewSource request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(registry.register(request));
    }

    @GetMapping("/admin/sources")
    List<SourceVolume> list() {
        return registry.volumes();
    }

    @ExceptionHandler(InvalidSourceException.class)
    ProblemDetail invalid(InvalidSourceException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid source");
        return problem;
    }
}
