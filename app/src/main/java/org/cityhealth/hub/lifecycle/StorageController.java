package org.cityhealth.hub.lifecycle;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.store.ArchiveDamagedException;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.TieredStorage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The storage operations API under {@code /admin/storage} (operators); errors are RFC 9457 problem details. */
@RestController
class StorageController {

    record RecallRequest(List<Long> persons, String purpose, String ttl, Double ratePerSecond) {
    }

    record HoldRequest(String caseRef, String reason) {
    }

    record ReleaseRequest(String reason) {
    }

    private final StorageOverview overview;
    private final Lifecycle lifecycle;
    private final BulkRecalls recalls;
    private final Retention retention;
    private final Scrubber scrubber;
    private final TieredStorage tiers;
    private final LifecycleSettings settings;

    StorageController(StorageOverview overview, Lifecycle lifecycle, BulkRecalls recalls, Retention retention, Scrubber scrubber,
                      TieredStorage tiers, LifecycleSettings settings) {
        this.overview = overview;
        this.lifecycle = lifecycle;
        this.recalls = recalls;
        this.retention = retention;
        this.scrubber = scrubber;
        this.tiers = tiers;
        this.settings = settings;
    }

    @GetMapping("/admin/storage")
    Map<String, Object> overview() {
        return overview.overview();
    }

    /** Applies the policy now ({@code dryRun=true}: only reports); {@code asOf} evaluates ages as of another day. */
    @PostMapping("/admin/storage/lifecycle")
    ResponseEntity<Map<String, Object>> run(@RequestParam(defaultValue = "false") boolean dryRun, @RequestParam(required = false) String asOf,
                                            Principal principal) {
        LifecycleJob job = lifecycle.start(dryRun, instant(asOf), actor(principal));
        return ResponseEntity.accepted().location(URI.create("/admin/storage/lifecycle/" + job.id)).body(job.view());
    }

    @GetMapping("/admin/storage/lifecycle/{id}")
    Map<String, Object> job(@PathVariable long id) {
        return lifecycle.job(id).orElseThrow(() -> new NoSuchElementException("no lifecycle run " + id)).view();
    }

    @GetMapping("/admin/storage/persons/{key}")
    Map<String, Object> person(@PathVariable long key) {
        return overview.person(key);
    }

    /** Recalls one person to hot now (synchronously) and keeps them hot for {@code ttl}. */
    @PostMapping("/admin/storage/persons/{key}/recall")
    Map<String, Object> recall(@PathVariable long key, @RequestParam(required = false) String ttl, @RequestParam(defaultValue = "operator recall") String reason,
                               Principal principal) {
        retention.requirePerson(key);
        long started = System.nanoTime();
        TieredStorage.Move move = tiers.recall(key, Instant.now().plus(ttl == null ? settings.recallKeepHot() : duration(ttl)), reason, actor(principal));
        return Map.of("person", key, "records", move.records(), "storedBytes", move.bytesBefore(), "bytes", move.bytesAfter(),
                "millis", (System.nanoTime() - started) / 1_000_000);
    }

    @PostMapping("/admin/storage/recalls")
    ResponseEntity<Map<String, Object>> bulkRecall(@RequestBody RecallRequest request, Principal principal) {
        BulkRecalls.Job job = recalls.start(request.persons(), request.purpose(), request.ttl() == null ? Duration.ofDays(30) : duration(request.ttl()),
                request.ratePerSecond() == null ? 50 : request.ratePerSecond(), actor(principal));
        return ResponseEntity.accepted().location(URI.create("/admin/storage/recalls/" + job.id)).body(job.view());
    }

    @GetMapping("/admin/storage/recalls/{id}")
    Map<String, Object> bulkRecall(@PathVariable long id) {
        return recalls.job(id).orElseThrow(() -> new NoSuchElementException("no recall job " + id)).view();
    }

    @PostMapping("/admin/storage/persons/{key}/holds")
    ResponseEntity<Retention.Hold> hold(@PathVariable long key, @RequestBody HoldRequest request, Principal principal) {
        return ResponseEntity.status(HttpStatus.CREATED).body(retention.place(key, request.caseRef(), request.reason(), actor(principal)));
    }

    @PostMapping("/admin/storage/holds/{id}/release")
    Retention.Hold release(@PathVariable long id, @RequestBody ReleaseRequest request, Principal principal) {
        return retention.release(id, request.reason(), actor(principal));
    }

    /** Purges a person's records: refused (409, with the reason) under hold or before retention has passed. */
    @DeleteMapping("/admin/storage/persons/{key}")
    Map<String, Object> purge(@PathVariable long key, @RequestParam(required = false) String reason, Principal principal) {
        TieredStorage.Move move = retention.purge(key, reason, actor(principal));
        return Map.of("person", key, "purgedRecords", move.records());
    }

    @PostMapping("/admin/storage/scrub")
    Scrubber.Report scrub(@RequestParam(defaultValue = "true") boolean full, Principal principal) {
        return scrubber.scrub(full, actor(principal));
    }

    /** Deletes archive objects no archive row names (left by a crash); {@code includeRecent} also those under ten minutes old. */
    @PostMapping("/admin/storage/reconcile")
    TieredStorage.Reconciliation reconcile(@RequestParam(defaultValue = "false") boolean includeRecent) throws IOException {
        return tiers.reconcile(includeRecent);
    }

    private static LedgerEvent.Actor actor(Principal principal) {
        return new LedgerEvent.Actor(principal == null ? "anonymous" : principal.getName(), "OPERATOR", null);
    }

    private static Instant instant(String asOf) {
        if (asOf == null || asOf.isBlank()) {
            return Instant.now();
        }
        try {
            return asOf.length() == 10 ? LocalDate.parse(asOf).atStartOfDay(FhirDates.LOCAL_ZONE).toInstant() : Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("asOf must be a date (2030-01-01) or an instant (2030-01-01T00:00:00Z), not " + asOf);
        }
    }

    private static Duration duration(String text) {
        try {
            return text.matches("\\d+d") ? Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1))) : Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("ttl must be days like 30d or an ISO-8601 duration like PT2H, not " + text);
        }
    }

    @ExceptionHandler(Retention.UnknownPerson.class)
    ProblemDetail unknown(Retention.UnknownPerson e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(Retention.Refused.class)
    ProblemDetail refused(Retention.Refused e) {
        return problem(HttpStatus.CONFLICT, "Refused", e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail busy(IllegalStateException e) {
        return problem(HttpStatus.CONFLICT, "Busy", e.getMessage());
    }

    @ExceptionHandler(ArchiveDamagedException.class)
    ProblemDetail damaged(ArchiveDamagedException e) {
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Archive damaged", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
