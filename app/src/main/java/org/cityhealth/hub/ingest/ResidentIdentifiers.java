package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;
import org.cityhealth.identity.ResidentId;

/** Finds the resident ID among a Patient's identifiers, whichever of the usual ways a source marks it. */
final class ResidentIdentifiers {

    /** The OID of the PRC resident identity card number in Chinese health information standards (WS 363). */
    static final String SYSTEM = "urn:oid:2.16.156.10011.1.1";
    private static final Set<String> SYSTEMS = Set.of(SYSTEM, "urn:oid:1.2.156.112604.1.2.1", "http://www.gov.cn/resident-id");
    /** HL7 v2 table 0203 "national person identifier" for China. */
    private static final String NATIONAL_ID_TYPE = "NNCHN";

    private ResidentIdentifiers() {
    }

    /**
     * The resident ID of a Patient, or empty when it carries none. Throws when an identifier is marked as a
     * resident ID but its value is not a valid one: a wrong ID would link records to the wrong person.
     */
    static Optional<ResidentId> of(JsonNode patient) {
        JsonNode identifiers = patient.path("identifier");
        for (int i = 0; i < identifiers.size(); i++) {
            JsonNode identifier = identifiers.get(i);
            if (!isResidentId(identifier)) {
                continue;
            }
            String value = identifier.path("value").asText(null);
            Optional<ResidentId> id = ResidentId.parse(value);
            if (id.isEmpty()) {
                String reason = ResidentId.problemWith(value == null ? null : value.strip().toUpperCase());
                throw IngestException.invalid("Patient.identifier[" + i + "]",
                        "invalid resident ID: " + (reason == null ? "not 15 or 18 characters" : reason));
            }
            return id;
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
