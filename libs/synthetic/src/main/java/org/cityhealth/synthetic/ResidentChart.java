package org.cityhealth.synthetic;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A resident's generated history: all their clinical records across sources, in the order they happened, and their
 * death as the sources that learnt of it record it.
 *
 * @param resident    who
 * @param records     every clinical record, chronological by visit
 * @param death       time of death, or null
 * @param deathSource the hospital where they died (-1 when they died at home or live); their clinic always learns of a
 *                    death (it issues the death certificate for deaths at home), other hospitals do not
 */
record ResidentChart(Resident resident, List<ClinicalRecord> records, LocalDateTime death, int deathSource) {

    List<ClinicalRecord> recordsOf(int source) {
        List<ClinicalRecord> out = new ArrayList<>();
        for (ClinicalRecord r : records) {
            if (r.source() == source) {
                out.add(r);
            }
        }
        return out;
    }

    /** The death as {@code source} knows it, or null. */
    LocalDateTime deathKnownTo(int source) {
        return death != null && (source == resident.clinic() || source == deathSource) ? death : null;
    }
}
