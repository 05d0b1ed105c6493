package org.cityhealth.hub.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * "who touched my record" finds them, with the SHA-256 of every version's stored bytes.
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

    /** Device observations, under the persons of their patients ({@code personOfPatient}). */
    void stored(Source source, long submissionId, List<DeviceObservation> observations, Map<String, Long> personOfPatient) {
        Map<Long, List<Touched>> byPerson = new LinkedHashMap<>();
        for (DeviceObservation observation : observations) {
            byPerson.computeIfAbsent(personOfPatient.getOrDefault(observation.patientId(), 0L), key -> new ArrayList<>())
                    .add(Touched.of(DeviceObservations.TYPE + "/" + observation.id() + "/_history/1", observation.body()));
        }
        record(source, submissionId, byPerson);
    }

    private void record(Source source, long submissionId, Map<Long, List<Touched>> byPerson) {
        LedgerEvent.Actor sender = new LedgerEvent.Actor(source.code(), "SOURCE", source.code());
        byPerson.forEach((person, touched) -> ledger.record(LedgerEvent.permit("ingest.store").by(sender).person(person)
                .touched(touched).detail("submission", submissionId)));
    }
}
