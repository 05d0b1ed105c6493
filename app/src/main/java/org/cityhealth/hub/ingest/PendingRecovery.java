package org.cityhealth.hub.ingest;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.time.Instant;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.cityhealth.hub.vault.SubmissionStatus;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.hub.vault.VaultQuery;
import org.cityhealth.hub.vault.VaultSubmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Finishes what a crash interrupted. A submission whose raw bytes reached the vault but whose processing
 * never committed is still PENDING; at start-up its bytes are read back from the vault and processed as
 * if they had just arrived. Processing is all-or-nothing, so a replay can never double a record.
 */
@Component
@ConditionalOnWebApplication
class PendingRecovery {

    private static final Logger log = LoggerFactory.getLogger(PendingRecovery.class);
    private static final int BATCH = 100;

    private final Vault vault;
    private final SourceRegistry sources;
    private final FeedConverters converters;
    private final FhirIngest fhir;
    private final BulkIngest bulk;
    private final Instant startedAt = Instant.now();

    PendingRecovery(Vault vault, SourceRegistry sources, FhirIngest fhir, BulkIngest bulk, FeedConverters converters) {
        this.converters = converters;
        this.vault = vault;
        this.sources = sources;
        this.fhir = fhir;
        this.bulk = bulk;
    }

    @EventListener(ApplicationReadyEvent.class)
    void replayPendingSubmissions() {
        int replayed = 0;
        while (true) {
            var pending = vault.list(new VaultQuery(null, SubmissionStatus.PENDING, null, startedAt, BATCH, 0));
            if (pending.isEmpty()) {
                break;
            }
            for (VaultSubmission submission : pending) {
                replay(submission);
                replayed++;
            }
        }
        if (replayed > 0) {
            log.info("replayed {} submissions that a previous run left unfinished", replayed);
        }
    }

    private void replay(VaultSubmission submission) {
        Source source = sources.byId(submission.sourceId()).orElseThrow();
        try (InputStream raw = new BufferedInputStream(vault.openOriginal(submission))) {
            if (submission.format() == SubmissionFormat.NDJSON || submission.format() == SubmissionFormat.NDJSON_GZIP) {
                bulk.replay(source, submission, raw);
                return;
            }
            if (converters.isFeed(submission.format())) {
                fhir.processFeed(source, submission.id(), raw, submission.format(), submission.contentType());
                return;
            }
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            fhir.processReceived(source, submission.id(), raw, submission.sizeBytes(), submission.format(), submission.contentType(),
                    gzip ? "gzip" : null);
        } catch (Exception e) {
            log.error("could not replay submission {}", submission.id(), e);
            vault.complete(submission.id(), SubmissionStatus.REJECTED, 500,
                    "could not be replayed after a restart: " + e.getMessage(), null, 0);
        }
    }
}
