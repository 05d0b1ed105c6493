package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.store.DeviceObservation;
import org.cityhealth.hub.store.DeviceObservations;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.vault.SubmissionStatus;
import org.cityhealth.hub.vault.Vault;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the conversion of a device feed's submission in one transaction: its Patients through the resource path
 * (linked by the person index), its readings as device observations with hub ids derived like any resource's, the
 * ledger entries and the vault's outcome. Readings stored before (a redelivery) are left as they are.
 */
@Component
class DeviceIngest {

    private static final String IDENTIFIER = "identifier=";

    private final BundleProcessor processor;
    private final ResourceStore store;
    private final DeviceObservations devices;
    private final PersonIndex persons;
    private final IngestTrail trail;
    private final Vault vault;
    private final TransactionTemplate transactions;
    private final FhirJson json;
    private final Counter stored;

    DeviceIngest(BundleProcessor processor, ResourceStore store, DeviceObservations devices, PersonIndex persons, IngestTrail trail,
                 Vault vault, TransactionTemplate transactions, FhirJson json, MeterRegistry meters) {
        this.processor = processor;
        this.store = store;
        this.devices = devices;
        this.persons = persons;
        this.trail = trail;
        this.vault = vault;
        this.transactions = transactions;
        this.json = json;
        this.stored = meters.counter("cityhealth.ingest.device-observations");
    }

    IngestResult store(Source source, long submissionId, DeviceFeedConverter.Conversion conversion) {
        List<DeviceFeedConverter.DeviceReading> readings = conversion.readings();
        if (readings.isEmpty()) {
            throw new IngestException(400, "required", "message", "the submission holds no readings");
        }
        List<JsonNode> patientEntries = new ArrayList<>();
        if (conversion.patients() != null) {
            conversion.patients().path("entry").forEach(patientEntries::add);
        }
        int[] written = {0};
        IngestResult result = ConflictRetry.inTransaction(transactions, () -> {
            Instant now = Instant.now();
            Patients patients = patients(source, submissionId, patientEntries, readings);
            String metaSource = WritePlanner.metaSource(source, submissionId);
            List<DeviceObservation> rows = new ArrayList<>(readings.size());
            for (DeviceFeedConverter.DeviceReading reading : readings) {
                String patientId = patients.byReference().get(reading.subject());
                if (patientId == null) {
                    throw IngestException.invalid(reading.location(), "subject " + reading.subject() + " names no Patient of the message");
                }
                if (reading.effective().low().isBefore(DeviceObservations.EARLIEST) || reading.effective().low().isAfter(DeviceObservations.LATEST)) {
                    throw IngestException.invalid(reading.location(), "a device reading's time must lie between " + DeviceObservations.EARLIEST
                            + " and " + DeviceObservations.LATEST + ", not " + reading.effective().low());
                }
                String id = DeviceObservations.id(patientId, reading.effective().low(), source.code() + '\u0000' + reading.sourceId());
                rows.add(new DeviceObservation(id, patientId, reading.category(), reading.codeSystem(), reading.code(), reading.code2(),
                        reading.effective().low(), reading.effective().high(), now, source.id(), reading.sourceId(), submissionId,
                        DeviceObservations.compact(reading.form(), metaSource, reading.values())));
            }
            List<DeviceObservation> fresh;
            try {
                fresh = devices.insertNew(rows);
            } catch (DeviceObservations.SecondFullException e) {
                throw new IngestException(422, "business-rule", "readings", e.getMessage());
            }
            trail.stored(source, submissionId, fresh, persons.personsOf(fresh.stream().map(DeviceObservation::patientId).distinct().toList()));
            byte[] response = OperationOutcomes.json(json, "informational", "Bundle", fresh.size() + " of " + rows.size()
                    + " readings stored" + (fresh.size() < rows.size() ? "; the others were stored before" : ""));
            vault.complete(submissionId, SubmissionStatus.ACCEPTED, 200, null, response, fresh.size() + patients.written());
            written[0] = fresh.size();
            return new IngestResult(200, response, submissionId, false);
        });
        stored.increment(written[0]);
        return result;
    }

    /** Hub Patient ids by the subject references readings use, and how many Patient versions storing them wrote. */
    private record Patients(Map<String, String> byReference, int written) {
    }

    /**
     * The fullUrls of the Bundle's Patients, stored first (a conditional create finds the Patient stored before), and
     * {@code Patient/<source id>} for Patients the source sent before (refused when there is none).
     */
    private Patients patients(Source source, long submissionId, List<JsonNode> entries, List<DeviceFeedConverter.DeviceReading> readings) {
        Map<String, String> byReference = new HashMap<>();
        Map<String, String> locations = new HashMap<>();
        for (DeviceFeedConverter.DeviceReading reading : readings) {
            if (reading.subject().startsWith("Patient/")) {
                byReference.putIfAbsent(reading.subject(), HubIds.forSource(source.code(), "Patient", reading.subject().substring("Patient/".length())));
                locations.putIfAbsent(reading.subject(), reading.location());
            }
        }
        if (!byReference.isEmpty()) {
            Set<String> known = store.currentVersions("Patient", byReference.values()).keySet();
            byReference.forEach((reference, hubId) -> {
                if (!known.contains(hubId)) {
                    throw new IngestException(400, "not-found", locations.get(reference), reference + " is not known to the hub");
                }
            });
        }
        // Conditional creates by identifier of Patients stored before, the usual case: one query per identifier system for the
        // batch, where the Bundle's path asks once per entry. Anything else (or no single match) takes the Bundle's path.
        Map<String, Map<String, String>> fullUrlByValue = new HashMap<>();
        for (JsonNode entry : entries) {
            String criteria = entry.path("request").path("ifNoneExist").asText("");
            int bar = criteria.indexOf('|');
            if (criteria.startsWith(IDENTIFIER) && bar > IDENTIFIER.length() && criteria.indexOf('&') < 0) {
                fullUrlByValue.computeIfAbsent(criteria.substring(IDENTIFIER.length(), bar), system -> new HashMap<>())
                        .put(criteria.substring(bar + 1), entry.path("fullUrl").asText());
            }
        }
        fullUrlByValue.forEach((system, fullUrls) -> store.idsByTokens("Patient", "identifier", system, fullUrls.keySet(), source.id())
                .forEach((value, ids) -> {
                    if (ids.size() == 1) {
                        byReference.put(fullUrls.get(value), ids.getFirst());
                    }
                }));
        List<JsonNode> unresolved = entries.stream().filter(entry -> !byReference.containsKey(entry.path("fullUrl").asText())).toList();
        if (unresolved.isEmpty()) {
            return new Patients(byReference, 0);
        }
        BundleProcessor.Result result = processor.process(source, submissionId, unresolved.stream().<JsonNode>map(JsonNode::deepCopy).toList(), 0);
        for (int i = 0; i < unresolved.size(); i++) {
            String location = result.responses().get(i).path("response").path("location").asText();
            byReference.put(unresolved.get(i).path("fullUrl").asText(), location.substring("Patient/".length()).split("/", 2)[0]);
        }
        return new Patients(byReference, result.written());
    }
}
