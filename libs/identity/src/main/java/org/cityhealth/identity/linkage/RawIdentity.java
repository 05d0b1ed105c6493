package org.cityhealth.identity.linkage;

import java.util.List;
import org.cityhealth.identity.OfficialId;

/**
 * Identity fields exactly as a source sent them, before any checking.
 *
 * @param id          the record's id
 * @param family      family name element, if the source separates it
 * @param given       given name(s), joined
 * @param text        the name as one text, when the source sends no parts
 * @param birthDate   birth date text (FHIR date: YYYY, YYYY-MM or YYYY-MM-DD)
 * @param gender      FHIR administrative gender
 * @param phone       phone as typed
 * @param district    district of the home address
 * @param residentId  resident ID as typed
 * @param officialIds other identifiers: kind and value as typed
 */
public record RawIdentity(String id, String family, String given, String text, String birthDate, String gender,
                          String phone, String district, String residentId, List<Typed> officialIds) {

    /** An official identifier as typed, of a known kind. */
    public record Typed(OfficialId.Kind kind, String value) {
    }

    public RawIdentity {
        officialIds = officialIds == null ? List.of() : List.copyOf(officialIds);
    }
}
