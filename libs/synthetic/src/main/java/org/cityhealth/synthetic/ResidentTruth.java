package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.util.Map;

/**
 * Ground truth about one resident, for testing and benchmarking record linkage: which source patient ids belong to
 * the same person. Sources may lack the resident ID (young children) or hold an outdated phone; the truth does not.
 *
 * @param index            the resident's position in the city, 0-based
 * @param residentId       the 18-digit resident ID (居民身份证号码)
 * @param name             full Chinese name, family name first
 * @param birthDate        date of birth
 * @param sex              {@code male} or {@code female} (FHIR administrative gender)
 * @param sourcePatientIds source code → that source's Patient id, in source order
 */
public record ResidentTruth(int index, String residentId, String name, LocalDate birthDate, String sex,
                            Map<String, String> sourcePatientIds) {
}
