package org.cityhealth.hub.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.ledger.LedgerEvent.Touched;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.store.DeviceObservation;
import org.cityhealth.hub.store.DeviceObservations;
import org.cityhealth.hub.store.ResourceWrite;
import org.springframework.stereotype.Component;

/**
 * Stored resources enter the ledger in the transaction that stores them, one entry per person so that a citizen's
 * "who touched my record" finds them, with the SHA-256 of every version's stored bytes (device readings: of each
 * patient's readings of the submission together).
 */
@Component
class IngestTrail {

    private final Ledger ledger;

    IngestTrail(Ledger ledger) {
        this.ledger = ledger;
    }

    void stored(Source source, long submissionId, List<ResourceWrite> writes) {
        Map<Long, List<Touched>> byPerson = new LinkedHashMap<>();
        for (ResourceWrite write : writes) {
            byPerson.computeIfAbsent(write.personKey(), key -> new ArrayList<>())
                    .add(Touched.of(write.type() + "/" + write.id() + "/_history/" + write.version(), write.body()));
        }
        record(source, submissionId, byPerson);
    }

    /**
     * Device observations, under the persons of their patients ({@code personOfPatient}), one touched item per patient
     * rather than per reading: at tens of thousands of readings a second a reference and a digest for each would make the
     * ledger grow faster than the readings' own table. The item names the submission's readings of that patient as a query
     * ({@code Observation?patient=Patient/<id>&_source=<meta.source>}) and carries the SHA-256 of their stored bodies
     * concatenated in id order, which an auditor recomputes from the rows.
     */
    void stored(Source source, long submissionId, List<DeviceObservation> observations, Map<String, Long> personOfPatient) {
        Map<String, List<DeviceObservation>> byPatient = new TreeMap<>();
        observations.forEach(observation -> byPatient.computeIfAbsent(observation.patientId(), key -> new ArrayList<>()).add(observation));
        Map<Long, List<Touched>> byPerson = new LinkedHashMap<>();
        String metaSource = WritePlanner.metaSource(source, submissionId);
        byPatient.forEach((patientId, readings) -> byPerson.computeIfAbsent(personOfPatient.getOrDefault(patientId, 0L), key -> new ArrayList<>())
                .add(Touched.of(DeviceObservations.TYPE + "?patient=Patient/" + patientId + "&_source=" + metaSource,
                        readings.stream().sorted(Comparator.comparing(DeviceObservation::id)).map(DeviceObservation::body).toList())));
        record(source, submissionId, byPerson);
    }

    private void record(Source source, long submissionId, Map<Long, List<Touched>> byPerson) {
        LedgerEvent.Actor sender = new LedgerEvent.Actor(source.code(), "SOURCE", source.code());
        byPerson.forEach((person, touched) -> ledger.record(LedgerEvent.permit("ingest.store").by(sender).person(person)
                .touched(touched).detail("submission", submissionId)));
    }
}
