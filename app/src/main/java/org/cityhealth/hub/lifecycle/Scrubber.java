package org.cityhealth.hub.lifecycle;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.store.TieredStorage;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.hub.vault.VaultSubmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Re-verifies what sits in the object store: cold archives (decrypt, decompress, SHA-256 of the NDJSON, every record
 * against the SHA-256 on record) and vault objects (SHA-256 and SM3 of the original bytes). A damaged archive is
 * rebuilt from records re-derived from the vault; a damaged vault object has no other copy in the hub and is reported.
 * Scheduled runs check the least recently verified archives and walk the vault a slice at a time; a full run checks all.
 */
@Service
public class Scrubber {

    private static final Logger log = LoggerFactory.getLogger(Scrubber.class);
    private static final int VAULT_SLICE = 5000;

    /** What a scrub found. */
    public record Report(long id, int archives, int vaultObjects, int damaged, int repaired, int unrepaired, List<String> findings) {
        public boolean clean() {
            return unrepaired == 0;
        }
    }

    private final TieredStorage tiers;
    private final Vault vault;
    private final JdbcTemplate jdbc;
    private final LifecycleSettings settings;
    private final Ledger ledger;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long vaultCursor;
    private volatile Instant lastScheduled = Instant.now();

    Scrubber(TieredStorage tiers, Vault vault, JdbcTemplate jdbc, LifecycleSettings settings, Ledger ledger) {
        this.tiers = tiers;
        this.vault = vault;
        this.jdbc = jdbc;
        this.settings = settings;
        this.ledger = ledger;
    }

    @Scheduled(fixedDelayString = "${cityhealth.lifecycle.check:1m}", initialDelayString = "${cityhealth.lifecycle.check:1m}")
    void scheduled() {
        if (settings.scrubSchedule().isZero() || Instant.now().isBefore(lastScheduled.plus(settings.scrubSchedule()))) {
            return;
        }
        lastScheduled = Instant.now();
        scrub(false, LedgerEvent.Actor.HUB);
    }

    /** Runs a scrub now; {@code full} checks every archive and vault object. Refused while another scrub runs. */
    public Report scrub(boolean full, LedgerEvent.Actor actor) {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("a scrub is already running");
        }
        try {
            return run(full, actor);
        } finally {
            running.set(false);
        }
    }

    private Report run(boolean full, LedgerEvent.Actor actor) {
        Instant started = Instant.now();
        jdbc.update("insert into scrub_run (started_at) values (?)", Timestamp.from(started));
        long id = jdbc.queryForObject("select max(id) from scrub_run", Long.class);
        int archives = 0;
        int damaged = 0;
        int repaired = 0;
        int unrepaired = 0;
        List<String> findings = new ArrayList<>();
        List<TieredStorage.ColdArchive> due = tiers.dueForCheck(full ? Integer.MAX_VALUE : settings.scrubArchives());
        for (TieredStorage.ColdArchive archive : due) {
            TieredStorage.ArchiveCheck check = tiers.check(archive);
            archives++;
            if (!check.intact()) {
                damaged++;
                if (check.repaired()) {
                    repaired++;
                    findings.add("archive " + archive.id() + " (person " + archive.personKey() + ", " + archive.period() + "): " + check.problem()
                            + " — repaired from the vault");
                } else {
                    unrepaired++;
                    findings.add("archive " + archive.id() + " (person " + archive.personKey() + ", " + archive.period() + "): " + check.problem()
                            + " — NOT repaired");
                }
            }
        }
        int vaultObjects = 0;
        long cursor = full ? 0 : vaultCursor;
        while (true) {
            List<VaultSubmission> slice = vault.after(cursor, 1000);
            if (slice.isEmpty()) {
                cursor = 0;
                break;
            }
            for (VaultSubmission submission : slice) {
                vaultObjects++;
                Optional<String> problem = vault.check(submission);
                if (problem.isPresent()) {
                    damaged++;
                    unrepaired++;
                    findings.add("vault submission " + submission.id() + " of " + submission.sourceCode() + ": " + problem.get()
                            + " — NOT repaired (ask the source to resend it, or restore the object from the backend's own replica)");
                }
                cursor = submission.id();
            }
            if (!full && vaultObjects >= VAULT_SLICE) {
                break;
            }
        }
        vaultCursor = cursor;
        String report = String.join("\n", findings.stream().limit(100).toList());
        jdbc.update("""
                update scrub_run set finished_at = ?, archives = ?, vault_objects = ?, damaged = ?, repaired = ?, unrepaired = ?, report = ?
                where id = ?""", Timestamp.from(Instant.now()), archives, vaultObjects, damaged, repaired, unrepaired,
                report.length() > 8000 ? report.substring(0, 7999) : report, id);
        ledger.record((unrepaired == 0 ? LedgerEvent.permit("storage.scrub") : LedgerEvent.deny("storage.scrub", unrepaired + " objects damaged and not repaired"))
                .by(actor).detail("run", id).detail("archives", archives).detail("vaultObjects", vaultObjects).detail("damaged", damaged)
                .detail("repaired", repaired));
        if (damaged > 0) {
            log.warn("scrub {}: {} damaged, {} repaired, {} not repaired", id, damaged, repaired, unrepaired);
        }
        return new Report(id, archives, vaultObjects, damaged, repaired, unrepaired, findings);
    }

    List<Map<String, Object>> recentRuns(int limit) {
        return jdbc.query("select id, started_at, finished_at, archives, vault_objects, damaged, repaired, unrepaired, report from scrub_run order by id desc limit ?",
                (rs, row) -> {
                    Map<String, Object> run = new LinkedHashMap<>();
                    run.put("id", rs.getLong(1));
                    run.put("startedAt", rs.getTimestamp(2).toInstant().toString());
                    Timestamp finished = rs.getTimestamp(3);
                    run.put("finishedAt", finished == null ? null : finished.toInstant().toString());
                    run.put("archives", rs.getInt(4));
                    run.put("vaultObjects", rs.getInt(5));
                    run.put("damaged", rs.getInt(6));
                    run.put("repaired", rs.getInt(7));
                    run.put("unrepaired", rs.getInt(8));
                    run.put("report", rs.getString(9));
                    return run;
                }, limit);
    }
}
