package org.cityhealth.hub.feeds.vitals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * One checked reading of a message.
 *
 * @param value     the value, or null for blood pressure
 * @param systolic  blood pressure only
 * @param diastolic blood pressure only
 */
record Reading(String device, Subject subject, OffsetDateTime time, VitalSign sign, BigDecimal value, BigDecimal systolic,
               BigDecimal diastolic) {

    /** Whom a reading is about. */
    sealed interface Subject {
    }

    /** A person named by a valid resident ID: the hub creates or finds the sender's minimal Patient carrying it. */
    record Resident(String residentId) implements Subject {
    }

    /** A patient of the sending source, named by its id there (the id of its FHIR Patient, usually the MRN). */
    record SourcePatient(String id) implements Subject {
    }

    /**
     * The id of the Observation, a function of device, sign and instant: a reading resent (an MQTT redelivery,
     * a device repeating itself) finds the same Observation. 40 hex characters fit a FHIR id.
     */
    String observationId() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((device + '\u0000' + sign.wireName() + '\u0000' + time.toInstant()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
