package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * Who a resident is and which sources know them: everything decided before their history, cheap to compute from
 * the index alone so that exports can ask "does this source know resident i?" without generating the history.
 *
 * @param index        position in the city (0-based); residents are numbered community by community
 * @param residentId   18-digit resident ID
 * @param family       family name
 * @param given        given name
 * @param male         administrative sex, matching the parity of the ID's sequence
 * @param birthDate    date of birth, also encoded in the ID
 * @param birthplace   region code in the ID (Hangzhou district, former district, or elsewhere in China)
 * @param district     district of residence (the clinic's district)
 * @param addressLine  street address
 * @param phone        current mobile number
 * @param formerPhone  an older mobile number some sources still hold, or null
 * @param clinic       source index of the community health centre
 * @param hospitals    source indices of the hospitals that know them; the first is their usual hospital
 * @param examCenter   source index of the exam centre when they take annual check-ups, else -1
 * @param heavy        a long-term multi-morbid patient (for $everything benchmarks)
 * @param twinOf       index of their twin among the residents, or -1 ({@link IdentityNoise#twins()})
 * @param formerGiven  the given name they had before changing it, which some sources still hold, or null
 *                     ({@link IdentityNoise#nameChange()})
 * @param familyPhone  a family member's phone that all their sources hold instead of {@code phone}, or null
 *                     ({@link IdentityNoise#sharedPhone()})
 */
record Resident(int index, String residentId, String family, String given, boolean male, LocalDate birthDate,
                String birthplace, Geography.District district, String addressLine, String phone, String formerPhone,
                int clinic, int[] hospitals, int examCenter, boolean heavy, int twinOf, String formerGiven,
                String familyPhone) {

    String name() {
        return family + given;
    }

    String gender() {
        return male ? "male" : "female";
    }

    /** Age in whole years on {@code date}. */
    int ageOn(LocalDate date) {
        return ResidentFactory.age(birthDate, date);
    }

    /** Every source that knows this resident, in catalog order (hospitals, clinic, exam centre). */
    int[] sources() {
        int count = hospitals.length + 1 + (examCenter >= 0 ? 1 : 0);
        int[] out = new int[count];
        int[] sortedHospitals = hospitals.clone();
        Arrays.sort(sortedHospitals);
        System.arraycopy(sortedHospitals, 0, out, 0, sortedHospitals.length);
        out[sortedHospitals.length] = clinic;
        if (examCenter >= 0) {
            out[count - 1] = examCenter;
        }
        return out;
    }

    boolean knownTo(int source) {
        if (source == clinic || source == examCenter) {
            return true;
        }
        for (int h : hospitals) {
            if (h == source) {
                return true;
            }
        }
        return false;
    }
}
