package org.cityhealth.hub.ingest;

import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.vault.Receipt;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.cityhealth.hub.vault.SubmissionStatus;
import org.cityhealth.hub.vault.Vault;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Receives FHIR transaction and batch bundles: vault first, then all-or-nothing storage (per entry for batches). */
@Service
public class FhirIngest {

    private static final Logger log = LoggerFactory.getLogger(FhirIngest.class);
    /** A gzip body may inflate to this many times the payload limit (JSON compresses about 10:1). */
    private static final int INFLATED_PAYLOAD_FACTOR = 16;

    private final Vault vault;
    private final BundleProcessor processor;
    private final FhirJson json;
    private final TransactionTemplate transactions;
    private final IngestSettings settings;
    private final Counter resourcesStored;
    private final Counter submissionsRejected;
    private final FeedConverters converters;
    private final ResourceStore store;
    private final DeviceIngest devices;

    FhirIngest(Vault vault, BundleProcessor processor, FhirJson json, TransactionTemplate transactions, IngestSettings settings,
               MeterRegistry meters, FeedConverters converters, ResourceStore store, DeviceIngest devices) {
        this.devices = devices;
        this.converters = converters;
        this.store = store;
        this.vault = vault;
        this.processor = processor;
        this.json = json;
        this.transactions = transactions;
        this.settings = settings;
        this.resourcesStored = meters.counter("cityhealth.ingest.resources");
        this.submissionsRejected = meters.counter("cityhealth.ingest.rejected");
    }

    /** The wire formats accepted on {@code POST /fhir}. */
    public static SubmissionFormat formatOf(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase();
        return switch (type) {
            case "application/fhir+json", "application/json", "application/json+fhir" -> SubmissionFormat.FHIR_JSON;
            case "application/fhir+xml", "application/xml", "text/xml", "application/xml+fhir" -> SubmissionFormat.FHIR_XML;
            default -> SubmissionFormat.OTHER;
        };
    }

    /**
     * Stores the raw body in the vault, then processes it. Bad input is answered with an OperationOutcome
     * and recorded in the vault as rejected; nothing of it reaches the clinical store.
     */
    public IngestResult submitBundle(Source source, InputStream body, String contentType, String contentEncoding) throws IOException {
        SubmissionFormat format = formatOf(contentType);
        try (Receipt receipt = vault.receive(source.id(), body, settings.maxPayloadBytes(), format, contentType)) {
            long id = receipt.submission().id();
            if (receipt.duplicate() && !failedOnOurSide(receipt.submission())) {
                return resend(receipt);
            }
            return processReceived(source, id, receipt.openRaw(), receipt.submission().sizeBytes(), format, contentType, contentEncoding);
        }
    }

    /**
     * Receives a message of a feed that does not speak FHIR: the raw bytes go to the vault first, then the
     * {@link FeedConverter} for {@code format} makes a transaction Bundle of them, stored all or nothing. The
     * same bytes sent again are answered as before without storing anything twice. Bad input is kept in the
     * vault as rejected; the result carries the status and an OperationOutcome naming what is wrong, which
     * the feed turns into its protocol's own error.
     */
    public FeedResult submitFeed(Source source, InputStream raw, SubmissionFormat format, String contentType) throws IOException {
        return receiveFeed(source, raw, format, contentType, receipt -> processFeed(source, receipt.submission().id(), receipt.openRaw(), format, contentType));
    }

    /**
     * The ids among {@code patientIds} (Patient ids as the source names them) for which the hub holds no Patient of
     * that source: a feed checks them before it submits, so that one unknown patient refuses only its own message
     * and not the whole transaction that a reference to it would fail.
     */
    public Set<String> unknownPatients(Source source, Collection<String> patientIds) {
        Map<String, String> byHubId = new HashMap<>();
        patientIds.forEach(id -> byHubId.put(HubIds.forSource(source.code(), "Patient", id), id));
        Set<String> known = store.currentVersions("Patient", byHubId.keySet()).keySet().stream().map(byHubId::get).collect(Collectors.toSet());
        return patientIds.stream().filter(id -> !known.contains(id)).collect(Collectors.toSet());
    }

    /**
     * Keeps a message the feed refused before conversion (no registered sender to attribute it to) in the vault as
     * rejected with the reason, under {@code source} (the feed's gateway source). Nothing else is stored.
     */
    public FeedResult refuseFeed(Source source, InputStream raw, SubmissionFormat format, String contentType, IngestException reason)
            throws IOException {
        try (Receipt receipt = vault.receive(source.id(), raw, settings.maxPayloadBytes(), format, contentType)) {
            if (receipt.duplicate()) {
                return new FeedResult(resend(receipt), receipt.submission().reason(), reason);
            }
            return new FeedResult(reject(receipt.submission().id(), reason), reason.location() + ": " + reason.getMessage(), reason);
        }
    }

    /**
     * As {@link #submitFeed} for a device feed that has converted the bytes already (it reads each message once, to set
     * the bad ones apart): the bytes go to the vault first and {@code conversion}, which must be what the feed's
     * {@link DeviceFeedConverter} makes of them, is stored. Crash recovery and re-derivation convert the vault's bytes.
     */
    public FeedResult submitDeviceFeed(Source source, byte[] raw, SubmissionFormat format, String contentType,
                                       DeviceFeedConverter.Conversion conversion) throws IOException {
        return receiveFeed(source, new ByteArrayInputStream(raw), format, contentType,
                receipt -> processFeed(source, receipt.submission().id(), format, () -> devices.store(source, receipt.submission().id(), conversion)));
    }

    /** What is done with a feed's bytes once they are in the vault for the first time. */
    @FunctionalInterface
    private interface Processing {
        FeedResult process(Receipt receipt) throws IOException;
    }

    /** Vault first; bytes received before are answered as then (unless the hub failed them), without storing anything twice. */
    private FeedResult receiveFeed(Source source, InputStream raw, SubmissionFormat format, String contentType, Processing processing)
            throws IOException {
        try (Receipt receipt = vault.receive(source.id(), raw, settings.maxPayloadBytes(), format, contentType)) {
            if (receipt.duplicate() && !failedOnOurSide(receipt.submission())) {
                return new FeedResult(resend(receipt), receipt.submission().reason(), null);
            }
            return processing.process(receipt);
        }
    }

    /** As {@link #submitFeed} for bytes already in the vault (crash recovery replays them through here). */
    FeedResult processFeed(Source source, long id, InputStream raw, SubmissionFormat format, String contentType) throws IOException {
        byte[] bytes;
        try (InputStream in = raw) {
            bytes = in.readAllBytes();
        }
        FeedConverter converter = converters.forFormat(format);
        return processFeed(source, id, format, () -> converter instanceof DeviceFeedConverter device
                ? devices.store(source, id, device.convert(source, bytes, contentType))
                : process(source, id, converter.toBundle(source, bytes, contentType)));
    }

    private FeedResult processFeed(Source source, long id, SubmissionFormat format, Supplier<IngestResult> storing) {
        IngestException refusal;
        try {
            return new FeedResult(storing.get(), null, null);
        } catch (IngestException e) {
            refusal = e;
        } catch (RuntimeException e) {
            log.error("feed submission {} from {} failed unexpectedly", id, source.code(), e);
            refusal = new IngestException(500, "exception", format.name(), "the hub could not process this message; it is kept in the vault");
        }
        return new FeedResult(reject(id, refusal), refusal.location() + ": " + refusal.getMessage(), refusal);
    }

    /**
     * Processes bytes that are already in the vault: a fresh submission, or one that a crash left PENDING
     * and that start-up recovery replays. Records the outcome in the vault either way.
     */
    IngestResult processReceived(Source source, long id, InputStream raw, long size, SubmissionFormat format, String contentType,
                                 String contentEncoding) throws IOException {
        try {
            if (format == SubmissionFormat.OTHER) {
                throw new IngestException(415, "not-supported", "Content-Type",
                        "unsupported media type " + contentType + ": send application/fhir+json or application/fhir+xml");
            }
            JsonNode bundle = parse(raw, size, format, contentEncoding);
            return process(source, id, bundle);
        } catch (IngestException e) {
            return reject(id, e);
        } catch (RuntimeException e) {
            log.error("submission {} from {} failed unexpectedly", id, source.code(), e);
            return reject(id, new IngestException(500, "exception", "Bundle", "the hub could not process this submission; it is kept in the vault"));
        }
    }

    /**
     * An earlier attempt that failed for the hub's own reasons (5xx) is processed again when resent: the
     * answer to those bytes was never about the bytes, and a sender retrying must be able to get through.
     */
    private static boolean failedOnOurSide(org.cityhealth.hub.vault.VaultSubmission earlier) {
        return earlier.status() == SubmissionStatus.REJECTED && earlier.httpStatus() != null && earlier.httpStatus() >= 500;
    }

    private IngestResult resend(Receipt receipt) {
        var earlier = receipt.submission();
        if (earlier.status() == SubmissionStatus.PENDING) {
            return new IngestResult(409, OperationOutcomes.json(json, "conflict", "Bundle",
                    "the same bytes are being processed from an earlier submission (" + earlier.id() + "); retry later"), earlier.id(), true);
        }
        byte[] response = vault.response(earlier.id()).orElse(OperationOutcomes.json(json, "informational", "Bundle",
                "identical to submission " + earlier.id()));
        return new IngestResult(earlier.httpStatus() == null ? 200 : earlier.httpStatus(), response, earlier.id(), true);
    }

    private JsonNode parse(InputStream raw, long size, SubmissionFormat format, String contentEncoding) throws IOException {
        if (contentEncoding != null && contentEncoding.toLowerCase().contains("gzip")) {
            // Inflate completely before parsing: a bomb must be recognised as one, not as the JSON error its zeros cause.
            long limit = Math.min(settings.maxInflatedBytes(), settings.maxPayloadBytes() * INFLATED_PAYLOAD_FACTOR);
            try (InputStream inflating = BoundedInflater.gunzip(raw, size, limit, settings.maxInflationRatio())) {
                raw = new java.io.ByteArrayInputStream(inflating.readAllBytes());
            }
        } else if (contentEncoding != null && !contentEncoding.isBlank() && !"identity".equalsIgnoreCase(contentEncoding)) {
            throw new IngestException(415, "not-supported", "Content-Encoding", "unsupported Content-Encoding " + contentEncoding);
        }
        JsonNode bundle;
        try (InputStream in = raw) {
            if (format == SubmissionFormat.FHIR_XML) {
                bundle = xmlToJson(in);
            } else {
                bundle = json.mapper().readTree(in);
            }
        } catch (JsonProcessingException e) {
            throw new IngestException(400, "structure", "Bundle", "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        if (bundle == null || !bundle.isObject()) {
            throw new IngestException(400, "structure", "Bundle", "the body is not a FHIR resource (a JSON object)");
        }
        String type = bundle.path("resourceType").asText("");
        if (!"Bundle".equals(type)) {
            throw new IngestException(400, "structure", "Bundle", type.isEmpty()
                    ? "the body is not a FHIR resource: it has no resourceType"
                    : json.isResourceType(type) ? "POST /fhir expects a Bundle of type transaction or batch, not " + type
                    : "unknown resourceType " + type);
        }
        return bundle;
    }

    private JsonNode xmlToJson(InputStream in) throws IOException {
        IBaseResource resource;
        try {
            resource = json.context().newXmlParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (DataFormatException e) {
            throw new IngestException(400, "structure", "Bundle", "malformed FHIR XML: " + e.getMessage());
        }
        return json.mapper().readTree(json.context().newJsonParser().encodeResourceToString(resource));
    }

    private IngestResult process(Source source, long submissionId, JsonNode bundle) {
        String bundleType = bundle.path("type").asText("");
        ArrayNode entries = BundleProcessor.entries(bundle);
        if (!"transaction".equals(bundleType) && !"batch".equals(bundleType)) {
            throw new IngestException(400, "invalid", "Bundle.type", "Bundle.type must be transaction or batch, not '" + bundleType + "'");
        }
        if (entries == null || entries.isEmpty()) {
            throw new IngestException(400, "required", "Bundle.entry", "the bundle has no entries");
        }
        List<JsonNode> all = new ArrayList<>(entries.size());
        entries.forEach(all::add);
        if ("transaction".equals(bundleType)) {
            return ConflictRetry.inTransaction(transactions, () -> {
                // Processing rewrites ids and references in place; every attempt starts from the bytes' own tree.
                BundleProcessor.Result result = processor.process(source, submissionId, all.stream().<JsonNode>map(JsonNode::deepCopy).toList(), 0);
                byte[] response = responseBundle("transaction-response", result.responses());
                vault.complete(submissionId, SubmissionStatus.ACCEPTED, 200, null, response, result.written());
                resourcesStored.increment(result.written());
                return new IngestResult(200, response, submissionId, false);
            });
        }
        List<ObjectNode> responses = new ArrayList<>();
        int written = 0;
        int failed = 0;
        for (int i = 0; i < all.size(); i++) {
            int index = i;
            try {
                BundleProcessor.Result result = ConflictRetry.inTransaction(transactions,
                        () -> processor.process(source, submissionId, List.<JsonNode>of(all.get(index).deepCopy()), index));
                responses.add(result.responses().get(0));
                written += result.written();
            } catch (IngestException e) {
                failed++;
                ObjectNode response = json.mapper().createObjectNode();
                ObjectNode body = response.putObject("response");
                body.put("status", e.status() + " " + OperationOutcomes.reason(e.status()));
                body.set("outcome", OperationOutcomes.tree(json, e.issueType(), e.location(), e.getMessage()));
                responses.add(response);
            }
        }
        byte[] response = responseBundle("batch-response", responses);
        int storedCount = written;
        int failedCount = failed;
        transactions.executeWithoutResult(status -> vault.complete(submissionId, SubmissionStatus.ACCEPTED, 200,
                failedCount == 0 ? null : failedCount + " of " + all.size() + " batch entries failed", response, storedCount));
        resourcesStored.increment(written);
        return new IngestResult(200, response, submissionId, false);
    }

    private IngestResult reject(long submissionId, IngestException e) {
        submissionsRejected.increment();
        byte[] outcome = OperationOutcomes.json(json, e.issueType(), e.location(), e.getMessage());
        transactions.executeWithoutResult(status ->
                vault.complete(submissionId, SubmissionStatus.REJECTED, e.status(), e.location() + ": " + e.getMessage(), outcome, 0));
        return new IngestResult(e.status(), outcome, submissionId, false);
    }

    private byte[] responseBundle(String type, List<ObjectNode> entries) {
        ObjectNode bundle = json.mapper().createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("id", UUID.randomUUID().toString());
        bundle.putObject("meta").put("lastUpdated", Instant.now().toString());
        bundle.put("type", type);
        ArrayNode array = bundle.putArray("entry");
        entries.forEach(array::add);
        try {
            return json.mapper().writeValueAsBytes(bundle);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
