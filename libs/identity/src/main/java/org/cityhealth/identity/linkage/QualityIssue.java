package org.cityhealth.identity.linkage;

/**
 * A data-quality problem of an identity record: stored and linked as well as it can be, and shown to the source.
 *
 * @param field   the element, e.g. {@code Patient.birthDate}
 * @param code    a stable code, e.g. {@code birth-date-impossible}
 * @param message one readable sentence
 */
public record QualityIssue(String field, String code, String message) {
}
