package org.cityhealth.hub.lifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cityhealth.hub.ingest.Rederivation;
import org.cityhealth.hub.store.ArchivedRecord;
import org.cityhealth.hub.store.TieredStorage;
import org.springframework.stereotype.Component;

/** Repairs damaged cold archives from the vault: each version is re-derived from the raw submission that created it. */
@Component
class VaultRepair implements TieredStorage.ArchiveRepair {

    private final Rederivation rederivation;

    VaultRepair(Rederivation rederivation) {
        this.rederivation = rederivation;
    }

    @Override
    public Map<String, byte[]> rederive(List<ArchivedRecord> wanted) {
        Map<Long, List<Rederivation.Wanted>> bySubmission = new TreeMap<>();
        for (ArchivedRecord record : wanted) {
            bySubmission.computeIfAbsent(record.submissionId(), id -> new ArrayList<>())
                    .add(new Rederivation.Wanted(record.type(), record.id(), record.version(), record.lastUpdated(), record.sha256()));
        }
        Map<String, byte[]> bodies = new HashMap<>();
        bySubmission.forEach((submission, records) -> bodies.putAll(rederivation.rederive(submission, records)));
        return bodies;
    }
}
