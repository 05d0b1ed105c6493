package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.util.Map;

/**
 * Ground truth about one resident, for testing and benchmarking record linkage: which source patient ids belong to
 * the same person. Sources may lack the resident ID (young children) or hold an outdated phone, and with
 * {@link IdentityNoise} they may send mistyped names and IDs, a former given name, a swapped birth date or a family
 * member's phone; the truth does not — it is who the resident is, and {@link #sourceRecords()} says what each source
 * got wrong.
 *
 * @param index            the resident's position in the city, 0-based
 * @param residentId       the 18-digit resident ID (居民身份证号码)
 * @param name             full Chinese name, family name first (the current one after a name change)
 * @param birthDate        date of birth
 * @param sex              {@code male} or {@code female} (FHIR administrative gender)
 * @param sourcePatientIds source code → that source's Patient id, in source order
 * @param twinOf           index of the resident's twin, or -1; twins are different people who share family name, birth
 *                         date, birthplace, address and phone, so a matcher must keep them apart
 * @param formerName       the full name before the resident changed their given name, or null; some of their sources
 *                         still hold it ({@link NoiseKind#FORMER_GIVEN_NAME})
 * @param sourceRecords    source code → what that source's Patient record carries, in source order
 */
public record ResidentTruth(int index, String residentId, String name, LocalDate birthDate, String sex,
                            Map<String, String> sourcePatientIds, int twinOf, String formerName,
                            Map<String, SourceRecordTruth> sourceRecords) {
}
