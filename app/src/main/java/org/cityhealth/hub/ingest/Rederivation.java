package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.hub.vault.VaultSubmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Re-derives the exact bytes of stored resource versions from the raw submissions in the vault, so that a damaged
 * or lost copy (a cold archive) can be repaired without trusting it. Ingest's mapping is replayed without its
 * effects: nothing is written, no person is linked, nothing goes to the ledger; the store is only read, for the
 * conditional references ingest resolved against it. Every body produced is checked against the SHA-256 the caller
 * knows, so a version is either re-derived exactly or left out.
 */
@Service
public class Rederivation {

    private static final Logger log = LoggerFactory.getLogger(Rederivation.class);
    /** A gzip transaction may inflate to this many times the payload limit, as in {@code FhirIngest}. */
    private static final int INFLATED_PAYLOAD_FACTOR = 16;

    /** A stored version to re-derive, with what its body must hash to. */
    public record Wanted(String type, String id, int version, Instant lastUpdated, String sha256) {

        /** The key of its body in the answer of {@link Rederivation#rederive}: {@code type/id/version}. */
        public String key() {
            return type + "/" + id + "/" + version;
        }

        String resource() {
            return type + "/" + id;
        }
    }

    /**
     * One way the submission may have written a resource: the resource with its references already rewritten but
     * without the hub's id and meta (null for a deletion), and the write instant when the vault's response recorded it.
     */
    record Candidate(String type, String hubId, ObjectNode resource, Instant written) {
        boolean delete() {
            return resource == null;
        }
    }

    private final Vault vault;
    private final FeedConverters converters;
    private final SourceRegistry sources;
    private final WritePlanner planner;
    private final FhirJson json;
    private final IngestSettings settings;
    private final RederivationBundles bundles;

    Rederivation(Vault vault, SourceRegistry sources, ResourceStore store, WritePlanner planner, FhirJson json, IngestSettings settings,
                 FeedConverters converters) {
        this.converters = converters;
        this.vault = vault;
        this.sources = sources;
        this.planner = planner;
        this.json = json;
        this.settings = settings;
        this.bundles = new RederivationBundles(store, planner, json);
    }

    /**
     * Bodies re-derived from submission {@code submissionId} whose SHA-256 equals the wanted one, keyed by
     * "type/id/version"; a wanted version missing from the map could not be re-derived exactly. {@code lastUpdated}
     * may be the stored column, which the databases keep to the microsecond while the body has the write instant to
     * the nanosecond: the sub-microsecond digits are then found from the vault's response or by trying them.
     * A missing or damaged vault object, or bytes that do not parse, give an empty map (and a warning); only a
     * failing database is thrown, since it says nothing about whether the versions can be repaired.
     */
    public Map<String, byte[]> rederive(long submissionId, List<Wanted> wanted) {
        if (wanted.isEmpty()) {
            return Map.of();
        }
        VaultSubmission submission = vault.byId(submissionId).orElse(null);
        if (submission == null) {
            log.warn("cannot re-derive from submission {}: it is not in the vault", submissionId);
            return Map.of();
        }
        Source source = sources.byId(submission.sourceId()).orElse(null);
        if (source == null) {
            log.warn("cannot re-derive from submission {}: its source {} is not registered", submissionId, submission.sourceId());
            return Map.of();
        }
        Set<String> resources = wanted.stream().map(Wanted::resource).collect(Collectors.toSet());
        Map<String, List<Candidate>> candidates;
        try {
            candidates = switch (submission.format()) {
                case FHIR_JSON, FHIR_XML -> bundles.candidates(source, bundle(submission), response(submission), resources);
                case NDJSON, NDJSON_GZIP -> ndjson(source, submission, resources);
                default -> {
                    if (converters.isFeed(submission.format())) {
                        yield bundles.candidates(source, converters.forFormat(submission.format())
                                .toBundle(source, original(submission), submission.contentType()), response(submission), resources);
                    }
                    log.warn("cannot re-derive from submission {}: ingest stores no resources from {}", submissionId, submission.format());
                    yield Map.of();
                }
            };
        } catch (DataAccessException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            log.warn("cannot re-derive from submission {}: {}", submissionId, e.toString());
            return Map.of();
        }
        String metaSource = "urn:cityhealth:source:" + source.code() + "#" + submissionId;
        Map<String, byte[]> bodies = RederivationBodies.matching(json, metaSource, candidates, wanted);
        if (bodies.size() < wanted.size()) {
            log.debug("re-derived {} of {} versions from submission {}", bodies.size(), wanted.size(), submissionId);
        }
        return bodies;
    }

    /** The submitted Bundle as {@code FhirIngest.parse} reads it: gzip inflated with its bounds, XML through HAPI. */
    private JsonNode bundle(VaultSubmission submission) throws IOException {
        byte[] raw = original(submission);
        if (raw.length > 1 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            // The vault keeps the bytes as sent; FhirIngest inflated them because of Content-Encoding, which is not kept,
            // and recovery after a crash recognises gzip by its magic bytes the same way (no JSON or XML starts with them).
            long limit = Math.min(settings.maxInflatedBytes(), settings.maxPayloadBytes() * INFLATED_PAYLOAD_FACTOR);
            try (InputStream inflating = BoundedInflater.gunzip(new ByteArrayInputStream(raw), raw.length, limit, settings.maxInflationRatio())) {
                raw = inflating.readAllBytes();
            }
        }
        JsonNode bundle;
        if (submission.format() == SubmissionFormat.FHIR_XML) {
            // As FhirIngest.xmlToJson (private there): HAPI model, encoded to JSON by HAPI, read back as a tree.
            var resource = json.context().newXmlParser().parseResource(new String(raw, StandardCharsets.UTF_8));
            bundle = json.mapper().readTree(json.context().newJsonParser().encodeResourceToString(resource));
        } else {
            bundle = json.mapper().readTree(new ByteArrayInputStream(raw));
        }
        if (bundle == null || !bundle.isObject() || !"Bundle".equals(bundle.path("resourceType").asText())) {
            throw new IOException("the submission is not a Bundle");
        }
        return bundle;
    }

    /** The response Bundle the hub answered, or null when the vault has none or it cannot be read. */
    private JsonNode response(VaultSubmission submission) {
        try {
            byte[] response = vault.response(submission.id()).orElse(null);
            return response == null ? null : json.mapper().readTree(response);
        } catch (DataAccessException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            log.warn("the response of submission {} cannot be read ({}); only resources the source named can be re-derived",
                    submission.id(), e.toString());
            return null;
        }
    }

    /** The original bytes, checked against the SHA-256 recorded when they arrived. */
    private byte[] original(VaultSubmission submission) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] raw;
        try (InputStream in = new DigestInputStream(vault.openOriginal(submission), sha256)) {
            raw = in.readAllBytes();
        }
        requireRecordedHash(submission, sha256);
        return raw;
    }

    /**
     * The NDJSON lines that may have written a wanted resource, read as {@code BulkIngest.run} reads them (the same
     * gzip detection, line splitting and decoding). Only wanted resources are kept, so a file of any size streams.
     * A resource may occur on several lines: each chunk that held it stored a version, so every line is a candidate.
     */
    private Map<String, List<Candidate>> ndjson(Source source, VaultSubmission submission, Set<String> resources) throws IOException {
        Map<String, List<Candidate>> candidates = new HashMap<>();
        MessageDigest sha256 = sha256();
        try (InputStream raw = new BufferedInputStream(new DigestInputStream(vault.openOriginal(submission), sha256), 256 * 1024)) {
            InputStream in = submission.format() == SubmissionFormat.NDJSON_GZIP || looksGzipped(raw)
                    ? BoundedInflater.gunzip(raw, submission.sizeBytes(), settings.maxInflatedBytes(), settings.maxInflationRatio())
                    : raw;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 256 * 1024);
            long lineNumber = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                ObjectNode resource = line.isBlank() ? null : resourceOf(line);
                if (resource == null) {
                    continue;
                }
                String type = resource.path("resourceType").asText();
                String hubId = HubIds.forSource(source.code(), type, resource.path("id").asText());
                if (resources.contains(type + "/" + hubId) && rewriteBulkReferences(source, resource, "line " + lineNumber)) {
                    candidates.computeIfAbsent(type + "/" + hubId, key -> new ArrayList<>()).add(new Candidate(type, hubId, resource, null));
                }
            }
            raw.transferTo(OutputStream.nullOutputStream());
        }
        requireRecordedHash(submission, sha256);
        return candidates;
    }

    /** A line as {@code BulkIngest.parseLine} accepts it, or null for a line it rejected (no resource came of it). */
    private ObjectNode resourceOf(String line) {
        try {
            JsonNode node = json.mapper().readTree(line);
            if (node == null || !node.isObject() || !json.isResourceType(node.path("resourceType").asText(""))
                    || "Bundle".equals(node.path("resourceType").asText()) || !HubIds.FHIR_ID.matcher(node.path("id").asText("")).matches()) {
                return null;
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Rewrites references as {@code BulkIngest.write} does (relative ones only; its resolver is a lambda inside the
     * write, which another change may be editing, so the three rules are restated here); false when ingest would
     * have rejected the line.
     */
    private boolean rewriteBulkReferences(Source source, ObjectNode resource, String location) {
        try {
            ReferenceRewriter.rewrite(resource, location, (reference, where) -> {
                if (reference.startsWith("#") || reference.startsWith("http://") || reference.startsWith("https://")) {
                    return reference;
                }
                String hubReference = planner.relative(source, reference);
                if (hubReference == null) {
                    throw IngestException.invalid(where, "not a relative reference: " + reference);
                }
                return hubReference;
            });
            return true;
        } catch (IngestException e) {
            return false;
        }
    }

    private static boolean looksGzipped(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    private static void requireRecordedHash(VaultSubmission submission, MessageDigest sha256) throws IOException {
        if (!HexFormat.of().formatHex(sha256.digest()).equals(submission.sha256())) {
            throw new IOException("the vault object does not match the SHA-256 recorded when it arrived");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
