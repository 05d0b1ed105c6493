package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.store.ResourceIndexer;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.ResourceWrite;
import org.cityhealth.hub.vault.Receipt;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.cityhealth.hub.vault.SubmissionStatus;
import org.cityhealth.hub.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk loads of FHIR NDJSON (one resource per line, optionally gzip). The upload is streamed into the
 * vault (a spool file, never the heap), then read line by line in chunks; each chunk is one database
 * transaction. A bad line is reported with its number and skipped; the rest of the file loads. Every
 * resource needs an id: it is the source's id, so reloading a corrected file makes new versions, not copies.
 */
@Service
public class BulkIngest implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BulkIngest.class);
    private static final Pattern LINE = Pattern.compile("^line (\\d+)");

    private final Vault vault;
    private final ResourceStore store;
    private final IngestTrail trail;
    private final WritePlanner planner;
    private final PersonIndex persons;
    private final FhirJson json;
    private final TransactionTemplate transactions;
    private final IngestSettings settings;
    private final Map<String, BulkJob> jobs = new ConcurrentHashMap<>();
    /** One loader thread: bulk loads are I/O and database bound, and queueing them keeps ingest fair on two cores. */
    private final ExecutorService loader = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("bulk-ingest").daemon().factory());

    BulkIngest(Vault vault, ResourceStore store, WritePlanner planner, PersonIndex persons, FhirJson json,
               TransactionTemplate transactions, IngestSettings settings, IngestTrail trail) {
        this.trail = trail;
        this.vault = vault;
        this.persons = persons;
        this.store = store;
        this.planner = planner;
        this.json = json;
        this.transactions = transactions;
        this.settings = settings;
    }

    /** Receives the upload into the vault and loads it, in the background unless {@code wait}. */
    public BulkJob submit(Source source, InputStream body, String contentType, String contentEncoding, boolean wait) throws IOException {
        boolean gzip = (contentEncoding != null && contentEncoding.toLowerCase().contains("gzip"))
                || (contentType != null && contentType.toLowerCase().contains("gzip"));
        Receipt receipt = vault.receive(source.id(), body, settings.maxBulkBytes(),
                gzip ? SubmissionFormat.NDJSON_GZIP : SubmissionFormat.NDJSON, contentType);
        BulkJob job = new BulkJob(UUID.randomUUID().toString(), receipt.submission().id(), source.code(), receipt.submission().sizeBytes());
        jobs.put(job.id(), job);
        if (receipt.duplicate()) {
            receipt.close();
            job.finish(BulkJob.State.COMPLETED, "identical to submission " + receipt.submission().id() + " (" + receipt.submission().status()
                    + "); nothing loaded again");
            return job;
        }
        Runnable load = () -> {
            try (receipt; InputStream raw = receipt.openRaw()) {
                run(source, raw, receipt.submission().id(), receipt.submission().sizeBytes(), job, gzip);
            } catch (IOException e) {
                failed(job, receipt.submission().id(), 500, "the upload could not be read back: " + e.getMessage());
            }
        };
        if (wait) {
            load.run();
        } else {
            loader.submit(load);
        }
        return job;
    }

    /** NDJSON media types, and gzip; form encodings are refused, since a servlet container would consume them as parameters. */
    public static boolean acceptsContentType(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase();
        return java.util.Set.of("application/fhir+ndjson", "application/ndjson", "application/x-ndjson", "application/gzip",
                "application/x-gzip", "application/octet-stream", "text/plain").contains(type);
    }

    public Optional<BulkJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Loads a bulk submission that a crash left unfinished; lines already stored become new versions of themselves. */
    void replay(Source source, org.cityhealth.hub.vault.VaultSubmission submission, InputStream raw) {
        BulkJob job = new BulkJob(UUID.randomUUID().toString(), submission.id(), source.code(), submission.sizeBytes());
        jobs.put(job.id(), job);
        run(source, raw, submission.id(), submission.sizeBytes(), job, submission.format() == SubmissionFormat.NDJSON_GZIP);
    }

    private void run(Source source, InputStream upload, long submissionId, long size, BulkJob job, boolean gzip) {
        long lineNumber = 0;
        long stored = 0;
        try (InputStream raw = new BufferedInputStream(upload, 256 * 1024)) {
            InputStream in = gzip || looksGzipped(raw)
                    ? BoundedInflater.gunzip(raw, size, settings.maxInflatedBytes(), settings.maxInflationRatio())
                    : raw;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 256 * 1024);
            Map<Long, String> chunk = new LinkedHashMap<>();
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    chunk.put(lineNumber, line);
                }
                if (chunk.size() >= settings.bulkChunkSize()) {
                    stored += load(source, submissionId, chunk, job);
                    job.linesRead(lineNumber);
                    chunk.clear();
                }
            }
            stored += load(source, submissionId, chunk, job);
            job.linesRead(lineNumber);
            long total = stored;
            String summary = job.status().rejectedLines() == 0 ? null : job.status().rejectedLines() + " lines rejected";
            transactions.executeWithoutResult(status -> vault.complete(submissionId,
                    total == 0 && job.status().rejectedLines() > 0 ? SubmissionStatus.REJECTED : SubmissionStatus.ACCEPTED,
                    200, summary, null, (int) Math.min(Integer.MAX_VALUE, total)));
            job.finish(BulkJob.State.COMPLETED, summary == null ? "loaded" : summary);
        } catch (IngestException e) {
            failed(job, submissionId, e.status(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("bulk load {} failed at line {}", job.id(), lineNumber, e);
            failed(job, submissionId, 500, "the load stopped at line " + lineNumber + ": " + e.getMessage());
        }
    }

    private void failed(BulkJob job, long submissionId, int status, String message) {
        transactions.executeWithoutResult(tx -> vault.complete(submissionId, SubmissionStatus.REJECTED, status, message, null,
                (int) job.status().resources()));
        job.finish(BulkJob.State.FAILED, message);
    }

    /** Loads one chunk in one transaction; a line that cannot be stored is reported and the chunk retried without it. */
    private long load(Source source, long submissionId, Map<Long, String> lines, BulkJob job) {
        Map<Long, ObjectNode> parsed = new LinkedHashMap<>();
        for (Map.Entry<Long, String> line : lines.entrySet()) {
            try {
                parsed.put(line.getKey(), parseLine(line.getValue()));
            } catch (IngestException e) {
                job.reject(line.getKey(), e.getMessage());
            }
        }
        precheck(source, parsed, job);
        while (!parsed.isEmpty()) {
            try {
                int written = ConflictRetry.inTransaction(transactions, () -> write(source, submissionId, parsed));
                job.stored(written);
                return written;
            } catch (IngestException e) {
                Matcher matcher = LINE.matcher(e.location() == null ? "" : e.location());
                if (!matcher.find()) {
                    throw e;
                }
                long bad = Long.parseLong(matcher.group(1));
                job.reject(bad, e.location() + ": " + e.getMessage());
                parsed.remove(bad);
            }
        }
        return 0;
    }

    private int write(Source source, long submissionId, Map<Long, ObjectNode> parsed) {
        Map<String, Incoming> byReference = new LinkedHashMap<>();
        for (Map.Entry<Long, ObjectNode> line : parsed.entrySet()) {
            ObjectNode resource = line.getValue().deepCopy();
            String type = resource.path("resourceType").asText();
            String sourceId = resource.path("id").asText();
            Incoming item = new Incoming("line " + line.getKey(), type, HubIds.forSource(source.code(), type, sourceId), sourceId, resource);
            byReference.remove(item.reference());
            byReference.put(item.reference(), item);
        }
        for (Incoming item : byReference.values()) {
            ReferenceRewriter.rewrite(item.resource(), item.location(), (reference, location) -> {
                if (reference.startsWith("#") || reference.startsWith("http://") || reference.startsWith("https://")) {
                    return reference;
                }
                String hubReference = planner.relative(source, reference);
                if (hubReference == null) {
                    throw IngestException.invalid(location, "NDJSON references must be relative (Type/id): " + reference);
                }
                return hubReference;
            });
        }
        // No requireExisting here: NDJSON files reference each other in cycles (Encounter.diagnosis and
        // Condition.encounter), so a target may arrive in a later file. Hub ids are deterministic, so such a
        // reference resolves once its target is loaded. Only the patient must be known (see precheck).
        List<ResourceWrite> writes = planner.plan(source, submissionId, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), new ArrayList<>(byReference.values()));
        store.write(writes);
        trail.stored(source, submissionId, writes);
        return writes.size();
    }

    /**
     * Rejects, before the chunk's transaction, the lines that could not be stored: a malformed date, or a
     * clinical resource whose patient is neither in this chunk nor already linked to a person. Without it,
     * each such line would roll the chunk back once.
     */
    private void precheck(Source source, Map<Long, ObjectNode> parsed, BulkJob job) {
        java.util.Set<String> patientsInChunk = new java.util.HashSet<>();
        Map<Long, String> patientOfLine = new HashMap<>();
        for (Map.Entry<Long, ObjectNode> line : new ArrayList<>(parsed.entrySet())) {
            ObjectNode resource = line.getValue();
            String type = resource.path("resourceType").asText();
            if ("Patient".equals(type)) {
                patientsInChunk.add(HubIds.forSource(source.code(), "Patient", resource.path("id").asText()));
            }
            try {
                var index = ResourceIndexer.index(type, resource);
                String reference = index.patientReference();
                if (reference != null) {
                    String sourcePatient = reference.substring("Patient/".length());
                    if (HubIds.FHIR_ID.matcher(sourcePatient).matches()) {
                        patientOfLine.put(line.getKey(), HubIds.forSource(source.code(), "Patient", sourcePatient));
                    }
                } else if (ResourceIndexer.PATIENT_REQUIRED.contains(type)) {
                    throw IngestException.invalid("line", type + " must reference the patient it is about (subject or patient)");
                }
            } catch (IllegalArgumentException | IngestException e) {
                job.reject(line.getKey(), "line " + line.getKey() + ": " + e.getMessage());
                parsed.remove(line.getKey());
            }
        }
        java.util.Set<String> unknown = new java.util.HashSet<>(patientOfLine.values());
        unknown.removeAll(patientsInChunk);
        unknown.removeAll(persons.personsOf(unknown).keySet());
        patientOfLine.forEach((line, patient) -> {
            if (unknown.contains(patient)) {
                job.reject(line, "line " + line + ": its Patient is not known to the hub; load the Patient file first");
                parsed.remove(line);
            }
        });
    }

    private ObjectNode parseLine(String line) {
        JsonNode node;
        try {
            node = json.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw IngestException.invalid("line", "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw IngestException.invalid("line", "not a FHIR resource (a JSON object)");
        }
        String type = node.path("resourceType").asText("");
        if (!json.isResourceType(type)) {
            throw IngestException.invalid("line", type.isEmpty() ? "no resourceType" : "unknown resourceType " + type);
        }
        if ("Bundle".equals(type)) {
            throw IngestException.invalid("line", "NDJSON lines are resources, not Bundles");
        }
        String id = node.path("id").asText("");
        if (!HubIds.FHIR_ID.matcher(id).matches()) {
            throw IngestException.invalid("line", id.isEmpty() ? "bulk resources need an id" : "not a valid FHIR id: " + id);
        }
        return (ObjectNode) node;
    }

    private static boolean looksGzipped(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    @Override
    public void destroy() {
        loader.shutdownNow();
    }
}
