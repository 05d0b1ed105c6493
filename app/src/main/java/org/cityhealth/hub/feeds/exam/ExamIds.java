package org.cityhealth.hub.feeds.exam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Resource ids of an exam file, derived from what the file says (the exam id and the item), so that a resend
 * or a corrected file updates the same resources; ingest then scopes them to the source. Hashed because exam ids
 * and item names may hold characters a FHIR id may not (体检号 with Chinese letters, item names).
 */
final class ExamIds {

    private ExamIds() {
    }

    /** 32 hex characters of the SHA-256 of the parts, each ended by a NUL so that ("ab", "c") and ("a", "bc") differ. */
    static String of(String... parts) {
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (String part : parts) {
            joined.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            joined.write(0);
        }
        return HexFormat.of().formatHex(sha256(joined.toByteArray()), 0, 16);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A person's Patient id: by resident ID when known, so that a PDF naming only the resident ID finds the Patient
     * its centre's CSV made; else by the centre's own patient id.
     */
    static String patient(String residentId, String patientId) {
        return residentId != null ? of("patient", "resident-id", residentId) : of("patient", "patient-id", patientId);
    }

    static String patientIdSystem(String sourceCode) {
        return "urn:cityhealth:source:" + sourceCode + ":patient-id";
    }

    static String localItemSystem(String sourceCode) {
        return "urn:cityhealth:source:" + sourceCode + ":exam-item";
    }
}
