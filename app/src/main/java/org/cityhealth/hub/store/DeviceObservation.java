package org.cityhealth.hub.store;

import java.time.Instant;

/**
 * An Observation measured by a device, stored as one narrow row (see {@link DeviceObservations}).
 *
 * @param id              the hub id, as for any resource
 * @param patientId       the hub id of the Patient it is about
 * @param category        its observation-category code ({@code vital-signs})
 * @param codeSystem      the system of its codes
 * @param code            its code
 * @param code2           a second code of the same system (SpO2 carries two LOINC codes), or null
 * @param dateLow         the start of its effective time, as search ranges have it
 * @param dateHigh        the end of its effective time (exclusive)
 * @param sourceResourceId the id the sending source gave it
 * @param body            what the row keeps: {@link DeviceObservations#compact} of the form's values (rows from before V10:
 *                        the Observation's JSON)
 */
public record DeviceObservation(String id, String patientId, String category, String codeSystem, String code, String code2,
                                Instant dateLow, Instant dateHigh, Instant lastUpdated, long sourceId, String sourceResourceId,
                                long submissionId, byte[] body) {
}
