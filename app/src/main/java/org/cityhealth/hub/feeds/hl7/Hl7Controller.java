package org.cityhealth.hub.feeds.hl7;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.cityhealth.hub.access.SourceAuthentication;
import org.cityhealth.hub.ingest.IngestSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ingest/hl7v2}: HL7 v2 over HTTP from a source with its bearer token. The answer is the ACK message,
 * as HL7 over HTTP has it, with status 200 for AA, 400 for AR and 422 for AE (5xx when the hub failed).
 */
@RestController
class Hl7Controller {

    private static final Set<String> MEDIA_TYPES = Set.of(Hl7Text.MEDIA_TYPE, "application/hl7-v2", "application/hl7-v2+er7", "text/plain");

    private final Hl7Feed feed;
    private final IngestSettings ingest;

    Hl7Controller(Hl7Feed feed, IngestSettings ingest) {
        this.feed = feed;
        this.ingest = ingest;
    }

    @PostMapping("/ingest/hl7v2")
    ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof SourceAuthentication source)) {
            return problem(HttpStatus.FORBIDDEN, "only registered sources may send HL7 v2 messages");
        }
        String contentType = request.getContentType() == null ? "" : request.getContentType();
        if (!MEDIA_TYPES.contains(contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))) {
            return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported media type " + contentType + ": send " + Hl7Text.MEDIA_TYPE
                    + " (or application/hl7-v2, text/plain)");
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, ingest.maxPayloadBytes() + 1));
        Hl7Feed.Answer answer = feed.answer(body, Optional.of(source.getPrincipal()), InetAddress.getByName(request.getRemoteAddr()), contentType);
        return ResponseEntity.status(answer.httpStatus()).header("Content-Type", Hl7Charsets.contentType(answer.charset())).body(answer.ack());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
