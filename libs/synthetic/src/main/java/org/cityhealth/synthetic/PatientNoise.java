package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What one source's Patient record says about a resident's identity once {@link IdentityNoise} has had its way: the
 * name as that source wrote it, the resident ID as sent (or none), the birth date and the phone, and which noise made
 * them differ from the truth. Everything is keyed by (seed, resident, source), so the bundles, the NDJSON files, the
 * cheap Patient view and the ground truth all see the same record.
 */
final class PatientNoise {

    /** The identity a source's Patient record carries. */
    record Sent(String family, String given, String residentId, LocalDate birthDate, String phone,
                Set<NoiseKind> noise) {
    }

    private static final Set<NoiseKind> CLEAN = Collections.unmodifiableSet(EnumSet.noneOf(NoiseKind.class));

    private PatientNoise() {
    }

    /**
     * @param withId whether the source would record the resident ID (the generator's rule for young children)
     * @param phone  the phone the source was given by that rule (current or former)
     */
    static Sent apply(CitySpec spec, Resident r, SourceCatalog.Source source, boolean withId, String phone) {
        IdentityNoise noise = spec.identityNoise();
        String residentId = withId ? r.residentId() : null;
        if (noise.isNone()) {
            return new Sent(r.family(), r.given(), residentId, r.birthDate(), phone, CLEAN);
        }
        long seed = spec.seed();
        int s = source.index();
        EnumSet<NoiseKind> kinds = EnumSet.noneOf(NoiseKind.class);

        String family = r.family();
        String given = r.given();
        if (r.formerGiven() != null && keepsFormerName(seed, r, s)) {
            given = r.formerGiven();
            kinds.add(NoiseKind.FORMER_GIVEN_NAME);
        }
        if (unit(seed, r, NoiseKeys.NAME_TYPO, s) < noise.nameTypo()) {
            NameTypos.Typo typo = NameTypos.apply(family, given, random(seed, r, NoiseKeys.NAME_TYPO_DETAIL, s));
            if (typo != null) {
                family = typo.family();
                given = typo.given();
                kinds.add(typo.kind());
            }
        }

        if (residentId != null && unit(seed, r, NoiseKeys.ID_MISSING, s) < noise.idMissing()) {
            residentId = null;
            kinds.add(NoiseKind.ID_MISSING);
        }
        if (residentId != null && unit(seed, r, NoiseKeys.ID_TYPO, s) < noise.idTypo()) {
            SplittableRandom random = random(seed, r, NoiseKeys.ID_TYPO_DETAIL, s);
            boolean transpose = random.nextBoolean();
            residentId = transpose ? transposed(residentId, random) : wrongDigit(residentId, random);
            kinds.add(transpose ? NoiseKind.ID_TRANSPOSED_DIGITS : NoiseKind.ID_WRONG_DIGIT);
        }

        LocalDate birthDate = r.birthDate();
        if (unit(seed, r, NoiseKeys.SWAPPED_BIRTH_DATE, s) < noise.swappedBirthDate()) {
            LocalDate swapped = swapDayAndMonth(birthDate);
            // Only where the swap gives another real date, and not one after the history, so the truth stays known.
            if (swapped != null && !swapped.isAfter(spec.historyEnd())) {
                birthDate = swapped;
                kinds.add(NoiseKind.SWAPPED_BIRTH_DATE);
            }
        }

        if (r.familyPhone() != null) {
            phone = r.familyPhone();
            kinds.add(NoiseKind.SHARED_PHONE);
        }
        return new Sent(family, given, residentId, birthDate, phone,
                kinds.isEmpty() ? CLEAN : Collections.unmodifiableSet(kinds));
    }

    /**
     * Whether {@code source} still holds the former given name of a resident who changed it: a draw per source, then
     * corrected so that at least one source kept the former name and at least one has the new one (the one with the
     * lowest draw keeps it when none would, the one with the highest updates when all would).
     */
    static boolean keepsFormerName(long seed, Resident r, int source) {
        int[] sources = r.sources();
        int keeping = 0;
        boolean keeps = false;
        int lowest = -1;
        int highest = -1;
        double low = 2;
        double high = -1;
        for (int s : sources) {
            double u = unit(seed, r, NoiseKeys.KEEPS_FORMER_NAME, s);
            boolean k = u < 0.5;
            keeping += k ? 1 : 0;
            if (s == source) {
                keeps = k;
            }
            if (u < low) {
                low = u;
                lowest = s;
            }
            if (u > high) {
                high = u;
                highest = s;
            }
        }
        if (keeping == 0) {
            return source == lowest;
        }
        if (keeping == sources.length) {
            return source != highest;
        }
        return keeps;
    }

    /**
     * Two adjacent digits of the first seventeen swapped; only pairs of different digits are chosen, so the ID
     * changes. MOD 11-2 always detects it: the weights are powers of two modulo 11, neighbours differ by a factor of two,
     * so the weighted sum changes by {@code (a − b) · w}, with {@code w} and {@code a − b} both non-zero modulo 11.
     */
    static String transposed(String id, SplittableRandom random) {
        char[] c = id.toCharArray();
        int pairs = 0;
        for (int i = 0; i < 16; i++) {
            pairs += c[i] != c[i + 1] ? 1 : 0;
        }
        if (pairs == 0) {
            // Seventeen equal digits: no real ID looks like this (regions do not start 11111…), but stay total.
            return wrongDigit(id, random);
        }
        int chosen = random.nextInt(pairs);
        for (int i = 0; i < 16; i++) {
            if (c[i] != c[i + 1] && chosen-- == 0) {
                char t = c[i];
                c[i] = c[i + 1];
                c[i + 1] = t;
                break;
            }
        }
        return new String(c);
    }

    /**
     * One of the first seventeen digits replaced by another digit; the check character is kept, so the ID fails it
     * (a single changed digit moves the weighted sum by a non-zero multiple of a weight, never of 11).
     */
    static String wrongDigit(String id, SplittableRandom random) {
        char[] c = id.toCharArray();
        int position = random.nextInt(17);
        c[position] = (char) ('0' + (c[position] - '0' + 1 + random.nextInt(9)) % 10);
        return new String(c);
    }

    /** The date with day and month swapped, or null where that is not another valid date. */
    static LocalDate swapDayAndMonth(LocalDate date) {
        int day = date.getDayOfMonth();
        int month = date.getMonthValue();
        return day <= 12 && day != month ? LocalDate.of(date.getYear(), day, month) : null;
    }

    private static double unit(long seed, Resident r, long tag, int source) {
        return Seeds.unit(seed, Seeds.Stream.NOISE, r.index(), NoiseKeys.perRecord(tag, source));
    }

    private static SplittableRandom random(long seed, Resident r, long tag, int source) {
        return Seeds.random(seed, Seeds.Stream.NOISE, r.index(), NoiseKeys.perRecord(tag, source));
    }
}
