package org.cityhealth.hub.web;

import java.time.Instant;
import java.util.List;

/**
 * Everything the person page shows: who, which hospitals know them under which patient id, the summary
 * lists and the timeline.
 *
 * @param truncated true when the person has more resources than one page shows
 * @param charts    the test trends and the imaging list, from the same resources (no second read of the record)
 */
record PersonRecord(long personKey, Demographics demographics, List<LinkedPatient> patients, PersonSummary summary,
                    PersonTimeline timeline, List<TypeCount> typeCounts, int resourceCount, boolean truncated, ClinicalCharts.Charts charts) {

    /** A source's patient linked to this person, and by which rule. */
    record LinkedPatient(String sourceCode, String sourceName, String sourcePatientId, String patientId, String rule,
                         Instant linkedAt) {
    }

    /** How many timeline entries of one type, for the filter chips. */
    record TypeCount(String type, String label, long count) {
    }
}
