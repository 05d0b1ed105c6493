package org.cityhealth.synthetic;

/**
 * One source's Patient resource of one resident, as {@link CityGenerator#patients()} yields it.
 *
 * @param sourceCode    the source that holds the record ({@code H001} …)
 * @param patientId     the Patient's id at that source
 * @param residentIndex the resident it belongs to (ground truth: {@link ResidentTruth#index()})
 * @param json          the Patient as the NDJSON export writes it, without the line break; see
 *                      {@link CityGenerator#patients()} for the one field it lacks
 */
public record GeneratedPatient(String sourceCode, String patientId, int residentIndex, String json) {
}
