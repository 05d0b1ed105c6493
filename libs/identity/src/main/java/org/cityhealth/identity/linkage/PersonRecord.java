package org.cityhealth.identity.linkage;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.cityhealth.identity.OfficialId;
import org.cityhealth.identity.ResidentId;
import org.cityhealth.identity.Sex;

/**
 * What a source says about who a patient is, cleaned but not judged: every field may be missing.
 *
 * @param id            the record's id (the hub's Patient id)
 * @param family        family name, folded ({@link org.cityhealth.identity.Names#fold})
 * @param given         given name, folded
 * @param birthDate     a possible birth date
 * @param sex           administrative sex
 * @param phone         phone number, digits only (mainland mobile numbers without the +86)
 * @param district      district of the home address, folded
 * @param residentId    a valid resident ID
 * @param badResidentId the digits of a resident ID that failed validation (kept: a near miss is evidence)
 * @param officialIds   other official identifiers
 */
public record PersonRecord(String id, String family, String given, LocalDate birthDate, Sex sex, String phone,
                           String district, ResidentId residentId, String badResidentId, List<OfficialId> officialIds) {

    public PersonRecord {
        Objects.requireNonNull(id, "id is null");
        officialIds = officialIds == null ? List.of() : List.copyOf(officialIds);
    }

    /** Family and given name together, or null when neither is known. */
    public String fullName() {
        if (family == null && given == null) {
            return null;
        }
        return (family == null ? "" : family) + (given == null ? "" : given);
    }
}
