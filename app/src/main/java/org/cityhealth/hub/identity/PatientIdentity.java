package org.cityhealth.hub.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cityhealth.identity.OfficialId;
import org.cityhealth.identity.linkage.RawIdentity;

/**
 * Reads the identity fields of a FHIR Patient as linking needs them: the official (else usual, else first) name,
 * birth date, gender, the mobile (else first) phone, the home address's district, the resident ID and other
 * official identifiers.
 */
public final class PatientIdentity {

    /**
     * Identifier systems of the mainland travel permits of Hong Kong, Macao and Taiwan residents. Neither v2 table
     * 0203 nor a published naming system covers them, so the hub names them (documented in ARCHITECTURE.md).
     */
    static final String HK_MACAO_PERMIT_SYSTEM = "urn:cityhealth:sid:hk-macao-permit";
    static final String TAIWAN_PERMIT_SYSTEM = "urn:cityhealth:sid:taiwan-permit";
    /** v2 table 0203 identifier type codes of other official identifiers. */
    private static final Map<String, OfficialId.Kind> TYPE_CODES = Map.of(
            "PPN", OfficialId.Kind.PASSPORT, "PRC", OfficialId.Kind.FOREIGN_PERMANENT_RESIDENT,
            "SB", OfficialId.Kind.MEDICAL_INSURANCE, "NH", OfficialId.Kind.MEDICAL_INSURANCE);
    private static final Map<String, OfficialId.Kind> SYSTEMS = Map.of(
            HK_MACAO_PERMIT_SYSTEM, OfficialId.Kind.HK_MACAO_PERMIT, TAIWAN_PERMIT_SYSTEM, OfficialId.Kind.TAIWAN_PERMIT);

    private PatientIdentity() {
    }

    public static RawIdentity of(String id, JsonNode patient) {
        JsonNode name = preferred(patient.path("name"), "use", "official", "usual");
        String family = text(name.path("family"));
        String given = null;
        if (name.path("given").isArray() && !name.path("given").isEmpty()) {
            StringBuilder joined = new StringBuilder();
            name.path("given").forEach(part -> joined.append(part.asText("")));
            given = joined.toString();
        }
        JsonNode phone = null;
        for (JsonNode telecom : patient.path("telecom")) {
            if ("phone".equals(telecom.path("system").asText()) || "sms".equals(telecom.path("system").asText())) {
                if (phone == null || "mobile".equals(telecom.path("use").asText())) {
                    phone = telecom;
                }
                if ("mobile".equals(telecom.path("use").asText())) {
                    break;
                }
            }
        }
        JsonNode address = preferred(patient.path("address"), "use", "home");
        String residentId = ResidentIdentifiers.find(patient).map(ResidentIdentifiers.Marked::value).orElse(null);
        return new RawIdentity(id, family, given, text(name.path("text")), text(patient.path("birthDate")), text(patient.path("gender")),
                phone == null ? null : text(phone.path("value")), text(address.path("district")), residentId, officialIds(patient));
    }

    private static List<RawIdentity.Typed> officialIds(JsonNode patient) {
        List<RawIdentity.Typed> ids = new ArrayList<>();
        for (JsonNode identifier : patient.path("identifier")) {
            String value = text(identifier.path("value"));
            if (value == null) {
                continue;
            }
            OfficialId.Kind kind = SYSTEMS.get(identifier.path("system").asText(""));
            for (JsonNode coding : identifier.path("type").path("coding")) {
                kind = kind != null ? kind : TYPE_CODES.get(coding.path("code").asText(""));
            }
            if (kind != null) {
                ids.add(new RawIdentity.Typed(kind, value));
            }
        }
        return ids;
    }

    /** The first element whose {@code field} is the first of {@code preferences} present, else the first element. */
    private static JsonNode preferred(JsonNode array, String field, String... preferences) {
        for (String preference : preferences) {
            for (JsonNode element : array) {
                if (preference.equals(element.path(field).asText())) {
                    return element;
                }
            }
        }
        return array.isArray() && !array.isEmpty() ? array.get(0) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
