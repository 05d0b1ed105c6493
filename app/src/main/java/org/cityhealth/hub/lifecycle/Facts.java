package org.cityhealth.hub.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.store.Tier;

/** What the tier rules look at. */
final class Facts {

    private Facts() {
    }

    /**
     * A resource (all its versions move together) as the rules see it.
     *
     * @param clinicalDate the record's own date (effective, onset, period start…), or null when it has none
     * @param bytes        stored bytes of all its versions in their current tier
     */
    record Resource(String id, String type, String status, String sourceCode, Instant clinicalDate, Instant lastUpdated, Tier tier,
                    long bytes, Set<String> tokens) {

        /** The age the rules use: from the clinical date, else from when the hub stored it. */
        Instant dated() {
            return clinicalDate != null ? clinicalDate : lastUpdated;
        }
    }

    /**
     * A person as the rules see it.
     *
     * @param readsPerDay   clinical reads of the person's record per day (recent days only)
     * @param lastActivity  the latest clinical date of any of the person's records (not in the future)
     */
    record Person(long key, Map<LocalDate, Integer> readsPerDay, Instant deceasedAt, Instant lastActivity, Instant recalledUntil) {

        int readsSince(LocalDate day) {
            return readsPerDay.entrySet().stream().filter(e -> !e.getKey().isBefore(day)).mapToInt(Map.Entry::getValue).sum();
        }
    }
}
