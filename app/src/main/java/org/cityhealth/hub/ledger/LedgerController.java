package org.cityhealth.hub.ledger;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.cityhealth.hub.CityZone;
import org.cityhealth.ledger.tiles.TileRef;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The log under {@code /ledger/} with the C2SP tlog-tiles paths ({@code checkpoint}, {@code tile/<L>/<N>[.p/<W>]},
 * {@code tile/entries/<N>[.p/<W>]}), so an independent C2SP client can read and verify it, plus the hub's verifier
 * key, an entry with its inclusion proof, consistency proofs and the auditors' search.
 */
@RestController
@RequestMapping("/ledger")
class LedgerController {

    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final LedgerReader reader;
    private final Ledger ledger;

    LedgerController(LedgerReader reader, Ledger ledger) {
        this.reader = reader;
        this.ledger = ledger;
    }

    @GetMapping("/checkpoint")
    ResponseEntity<String> checkpoint() {
        return reader.checkpoint().map(text -> ResponseEntity.ok().contentType(TEXT).cacheControl(CacheControl.noCache()).body(text))
                .orElseThrow(() -> new LedgerApiException(HttpStatus.NOT_FOUND, "the ledger has no checkpoint yet"));
    }

    @GetMapping("/key")
    ResponseEntity<String> key() {
        return ResponseEntity.ok().contentType(TEXT).body(reader.verifierKey() + "\n");
    }

    /** The witnesses whose cosignatures a checkpoint needs, for verifiers that check the quorum. */
    @GetMapping("/witnesses")
    Map<String, Object> witnesses() {
        return Map.of("quorum", reader.quorum(), "witnesses", reader.witnesses().stream()
                .map(w -> Map.of("name", w.name(), "key", w.key() == null ? "" : w.key())).toList());
    }

    @GetMapping("/tile/**")
    ResponseEntity<byte[]> tile(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length() + "/ledger/".length());
        TileRef tile;
        try {
            tile = TileRef.parse(path);
        } catch (IllegalArgumentException e) {
            throw new LedgerApiException(HttpStatus.NOT_FOUND, "not a tlog-tiles path: " + path);
        }
        byte[] bytes = reader.tile(path).orElseThrow(() -> new LedgerApiException(HttpStatus.NOT_FOUND, "no tile at " + path));
        // Full tiles never change (tlog-tiles); a partial one is replaced by a wider one as the log grows.
        CacheControl caching = tile.width() == 256 ? CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic().immutable()
                : CacheControl.noCache();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).cacheControl(caching).body(bytes);
    }

    @GetMapping("/entries/{index}")
    EntryProof entry(@PathVariable long index) {
        return reader.entry(index).orElseThrow(() -> new LedgerApiException(HttpStatus.NOT_FOUND,
                "entry " + index + " is not in the published checkpoint (size " + reader.publishedSize() + ")"));
    }

    @GetMapping("/proof/consistency")
    Map<String, Object> consistency(@RequestParam long from, @RequestParam long to) {
        return Map.of("from", from, "to", to, "proof", reader.consistency(from, to));
    }

    @GetMapping(value = "/attachments/{sha256}", produces = MediaType.APPLICATION_JSON_VALUE)
    byte[] attachment(@PathVariable String sha256) {
        return reader.attachment(sha256).orElseThrow(() -> new LedgerApiException(HttpStatus.NOT_FOUND, "no attachment " + sha256));
    }

    @GetMapping("/search")
    List<LedgerRow> search(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                           @RequestParam(required = false) String person, @RequestParam(required = false) String decision,
                           @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                           @RequestParam(required = false) Long before, @RequestParam(defaultValue = "100") int limit) {
        LedgerQuery query = new LedgerQuery(actor, action, person, decision, CityZone.startOf(from), CityZone.startOf(to), before, limit);
        ledger.record(LedgerEvent.permit("ledger.search").detail("actor", actor).detail("action", action).detail("person", person)
                .detail("decision", decision).detail("from", from).detail("to", to));
        return reader.search(query);
    }

    @ExceptionHandler(LedgerApiException.class)
    ProblemDetail refused(LedgerApiException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.status().getReasonPhrase());
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad Request");
        return problem;
    }

    static final class LedgerApiException extends RuntimeException {
        private final HttpStatus status;

        LedgerApiException(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }

        HttpStatus status() {
            return status;
        }
    }
}
