package org.cityhealth.hub.fhir;

import jakarta.servlet.http.HttpServletRequest;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.ingest.OperationOutcomes;
import org.cityhealth.hub.vault.PayloadTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every failure of a FHIR endpoint becomes an OperationOutcome with the right status, never a stack trace. */
@RestControllerAdvice(basePackageClasses = FhirController.class)
class FhirExceptionAdvice {

    private static final Logger log = LoggerFactory.getLogger(FhirExceptionAdvice.class);

    private final FhirJson json;

    FhirExceptionAdvice(FhirJson json) {
        this.json = json;
    }

    @ExceptionHandler(FhirApiException.class)
    ResponseEntity<byte[]> refused(FhirApiException e, HttpServletRequest request) {
        return FhirResponses.respond(json, e.status(), OperationOutcomes.json(json, e.issueType(), e.location(), e.getMessage()), FhirResponses.safeFormat(request), false);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<byte[]> tooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        return FhirResponses.respond(json, 413, OperationOutcomes.json(json, "too-costly", "Bundle", e.getMessage()), FhirResponses.safeFormat(request), false);
    }

    /** Cold records being recalled past the synchronous budget: "come back shortly", with the progress so far. */
    @ExceptionHandler(org.cityhealth.hub.store.RecallPendingException.class)
    ResponseEntity<byte[]> recalling(org.cityhealth.hub.store.RecallPendingException e, HttpServletRequest request) {
        ResponseEntity<byte[]> response = FhirResponses.respond(json, 503, OperationOutcomes.json(json, "transient", null, e.getMessage()), FhirResponses.safeFormat(request), false);
        return ResponseEntity.status(503).headers(response.getHeaders()).header(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()))
                .body(response.getBody());
    }

    @ExceptionHandler(org.cityhealth.hub.store.ArchiveDamagedException.class)
    ResponseEntity<byte[]> damaged(org.cityhealth.hub.store.ArchiveDamagedException e, HttpServletRequest request) {
        log.error("FHIR request {} {} needs a damaged cold archive: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return FhirResponses.respond(json, 500, OperationOutcomes.json(json, "exception", null,
                "some of these records are in a damaged cold archive that could not be repaired from the vault; operators see it in the scrub report"),
                FhirResponses.safeFormat(request), false);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> failed(Exception e, HttpServletRequest request) {
        log.error("FHIR request {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return FhirResponses.respond(json, 500, OperationOutcomes.json(json, "exception", null, "the hub could not answer this request"), FhirResponses.safeFormat(request), false);
    }
}
