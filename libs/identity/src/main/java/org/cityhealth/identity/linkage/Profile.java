package org.cityhealth.identity.linkage;

import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;
import org.cityhealth.identity.Names;

/**
 * A record prepared for comparison: folded name, phonetic keys and the identifier digits computed once, since a
 * record is compared with many candidates.
 */
public final class Profile {

    private final PersonRecord record;
    final String name;
    final String family;
    final String given;
    final String phoneticName;
    final String phoneticFamily;
    /** Resident ID digits, valid or not; null when absent. */
    final String idDigits;
    final boolean validId;
    final Set<String> officialKeys;

    public Profile(PersonRecord record) {
        this.record = record;
        this.name = record.fullName();
        this.family = record.family();
        this.given = record.given();
        this.phoneticName = Names.phoneticKey(name);
        this.phoneticFamily = Names.phoneticKey(family);
        this.validId = record.residentId() != null;
        this.idDigits = validId ? record.residentId().value() : record.badResidentId();
        this.officialKeys = record.officialIds().stream().map(id -> id.key()).collect(Collectors.toUnmodifiableSet());
    }

    public PersonRecord record() {
        return record;
    }

    public String id() {
        return record.id();
    }

    LocalDate birthDate() {
        return record.birthDate();
    }

    /** The valid resident ID's value, or null. */
    public String residentId() {
        return validId ? idDigits : null;
    }

    /** True when the two records carry the same official identifier (passport, permit, insurance number). */
    boolean sharesOfficialId(Profile other) {
        for (String key : officialKeys) {
            if (other.officialKeys.contains(key)) {
                return true;
            }
        }
        return false;
    }
}
