package org.cityhealth.hub.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/** Finds the identifier that a Patient marks as its resident ID, whichever of the usual ways a source marks it. */
public final class ResidentIdentifiers {

    /** The OID of the PRC resident identity card number in Chinese health information standards (WS 363). */
    public static final String SYSTEM = "urn:oid:2.16.156.10011.1.1";
    private static final Set<String> SYSTEMS = Set.of(SYSTEM, "urn:oid:1.2.156.112604.1.2.1", "http://www.gov.cn/resident-id");
    /** HL7 v2 table 0203 "national person identifier" for China. */
    private static final String NATIONAL_ID_TYPE = "NNCHN";

    /** A marked identifier: its position in {@code Patient.identifier} and its value as sent (possibly invalid). */
    public record Marked(int index, String value) {
    }

    private ResidentIdentifiers() {
    }

    /** The first identifier marked as a resident ID, valid or not; validating it is the caller's decision. */
    public static Optional<Marked> find(JsonNode patient) {
        JsonNode identifiers = patient.path("identifier");
        for (int i = 0; i < identifiers.size(); i++) {
            JsonNode identifier = identifiers.get(i);
            if (isResidentId(identifier)) {
                return Optional.of(new Marked(i, identifier.path("value").asText(null)));
            }
        }
        return Optional.empty();
    }

    private static boolean isResidentId(JsonNode identifier) {
        if (SYSTEMS.contains(identifier.path("system").asText(""))) {
            return true;
        }
        for (JsonNode coding : identifier.path("type").path("coding")) {
            if (NATIONAL_ID_TYPE.equals(coding.path("code").asText())) {
                return true;
            }
        }
        return false;
    }
}
