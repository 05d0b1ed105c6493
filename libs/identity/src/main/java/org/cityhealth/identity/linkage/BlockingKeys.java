package org.cityhealth.identity.linkage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys under which a record waits for candidates, so that linking compares a record with the few records that
 * share a key instead of scanning everyone. Each key survives a kind of error the others do not:
 * <ul>
 *   <li>the resident ID, and three pairs of its parts (region+birth, birth+sequence, region+sequence): one mistyped
 *       digit leaves at least one pair intact;</li>
 *   <li>official identifiers;</li>
 *   <li>how the name sounds with the birth year, and with day and month in either order (a typo in the date);</li>
 *   <li>the birth date with day and month in either order (a typo in the name, a changed name);</li>
 *   <li>the phone number (a new ID, a missing birth date).</li>
 * </ul>
 */
public final class BlockingKeys {

    private BlockingKeys() {
    }

    public static List<String> of(Profile profile) {
        List<String> keys = new ArrayList<>(10);
        String id = profile.idDigits;
        if (id != null && id.length() == 18) {
            keys.add("id:" + id);
            keys.add("ia:" + id.substring(0, 14));
            keys.add("ib:" + id.substring(6, 17));
            keys.add("ic:" + id.substring(0, 6) + id.substring(14, 17));
        }
        for (String official : profile.officialKeys) {
            keys.add("oi:" + official);
        }
        LocalDate birth = profile.birthDate();
        String dayMonth = birth == null ? null : dayAndMonthInEitherOrder(birth);
        if (profile.phoneticName != null && birth != null) {
            keys.add("ny:" + profile.phoneticName + "|" + birth.getYear());
            keys.add("nd:" + profile.phoneticName + "|" + dayMonth);
        }
        if (birth != null) {
            keys.add("bd:" + birth.getYear() + dayMonth);
        }
        if (profile.record().phone() != null) {
            keys.add("ph:" + profile.record().phone());
        }
        return keys;
    }

    /** The keys as 64-bit hashes, the form indexes store (a collision only adds a candidate). */
    public static long[] hashes(Profile profile) {
        return of(profile).stream().mapToLong(BlockTable::hash).distinct().toArray();
    }

    private static String dayAndMonthInEitherOrder(LocalDate date) {
        int a = date.getMonthValue();
        int b = date.getDayOfMonth();
        return Math.min(a, b) + "-" + Math.max(a, b);
    }
}
