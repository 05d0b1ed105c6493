package org.cityhealth.hub.identity;

import java.time.Instant;

/** One source patient linked to a person. */
public record PatientLink(String patientId, long personKey, long sourceId, String sourcePatientId, LinkRule rule, Instant linkedAt) {
}
