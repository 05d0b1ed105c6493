package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What city to generate. Two specs that are equal generate byte-identical output, on any machine.
 *
 * @param seed               everything random derives from this and a resident's index
 * @param residents          people who lived in the city during the history (1 to {@value #MAX_RESIDENTS})
 * @param hospitals          hospitals (codes {@code H001}…)
 * @param clinics            community health centres ({@code C001}…); there is always one exam centre {@code E001}
 * @param historyStart       first day of the records (inclusive)
 * @param historyEnd         last day of the records (inclusive); ages are counted at this day
 * @param residentsPerBundle residents whose records one transaction bundle carries (for one source)
 * @param heavyResidents     the first N residents become long-term multi-morbid patients (1,000–3,000 resources each)
 * @param identityNoise      errors and look-alikes in the sources' Patient records, for record-linkage benchmarks;
 *                           {@link IdentityNoise#NONE} (the default) leaves the output exactly as without it
 */
public record CitySpec(long seed, int residents, int hospitals, int clinics, LocalDate historyStart,
                       LocalDate historyEnd, int residentsPerBundle, int heavyResidents, IdentityNoise identityNoise) {

    /** Resident IDs stay unique up to several million residents (see {@code IdentityPlan}); this keeps a margin. */
    public static final int MAX_RESIDENTS = 2_000_000;
    /** Heavy residents get distinct birth days within a twenty-year span, which bounds how many there can be. */
    public static final int MAX_HEAVY_RESIDENTS = 5_000;
    /** The default history: ten years ending here. */
    public static final LocalDate DEFAULT_HISTORY_END = LocalDate.of(2026, 6, 30);

    public CitySpec {
        Objects.requireNonNull(historyStart, "historyStart is null");
        Objects.requireNonNull(historyEnd, "historyEnd is null");
        Objects.requireNonNull(identityNoise, "identityNoise is null");
        if (residents < 1 || residents > MAX_RESIDENTS) {
            throw new IllegalArgumentException("residents must be between 1 and " + MAX_RESIDENTS + ": " + residents);
        }
        if (hospitals < 1 || hospitals > 200) {
            throw new IllegalArgumentException("hospitals must be between 1 and 200: " + hospitals);
        }
        if (clinics < 1 || clinics > 1000) {
            throw new IllegalArgumentException("clinics must be between 1 and 1000: " + clinics);
        }
        if (!historyStart.isBefore(historyEnd)) {
            throw new IllegalArgumentException("historyStart must be before historyEnd: " + historyStart + " .. "
                    + historyEnd);
        }
        if (historyStart.getYear() < 1990) {
            // No electronic records before; and a 100-year-old at the end is then born after 1880, as IDs require.
            throw new IllegalArgumentException("historyStart must be in 1990 or later: " + historyStart);
        }
        if (residentsPerBundle < 1 || residentsPerBundle > 10_000) {
            throw new IllegalArgumentException("residentsPerBundle must be between 1 and 10000: " + residentsPerBundle);
        }
        if (heavyResidents < 0 || heavyResidents > Math.min(residents, MAX_HEAVY_RESIDENTS)) {
            throw new IllegalArgumentException("heavyResidents must be between 0 and min(residents, "
                    + MAX_HEAVY_RESIDENTS + "): " + heavyResidents);
        }
    }

    /** A city without identity noise: the spec as it was before noise existed. */
    public CitySpec(long seed, int residents, int hospitals, int clinics, LocalDate historyStart, LocalDate historyEnd,
                    int residentsPerBundle, int heavyResidents) {
        this(seed, residents, hospitals, clinics, historyStart, historyEnd, residentsPerBundle, heavyResidents,
                IdentityNoise.NONE);
    }

    /**
     * A city of {@code residents} people with as many hospitals and clinics as such a city has (about one hospital per
     * 400 people and one community health centre per 800, clamped to 3–40 and 2–200), ten years of history ending
     * 2026-06-30, one resident per bundle and no heavy residents.
     */
    public static CitySpec ofResidents(int residents, long seed) {
        return new CitySpec(seed, residents, clamp(residents / 400, 3, 40), clamp(residents / 800, 2, 200),
                DEFAULT_HISTORY_END.minusYears(10).plusDays(1), DEFAULT_HISTORY_END, 1, 0,
                IdentityNoise.NONE);
    }

    public CitySpec withResidentsPerBundle(int residentsPerBundle) {
        return new CitySpec(seed, residents, hospitals, clinics, historyStart, historyEnd, residentsPerBundle,
                heavyResidents, identityNoise);
    }

    public CitySpec withHeavyResidents(int heavyResidents) {
        return new CitySpec(seed, residents, hospitals, clinics, historyStart, historyEnd, residentsPerBundle,
                heavyResidents, identityNoise);
    }

    public CitySpec withHistory(LocalDate historyStart, LocalDate historyEnd) {
        return new CitySpec(seed, residents, hospitals, clinics, historyStart, historyEnd, residentsPerBundle,
                heavyResidents, identityNoise);
    }

    public CitySpec withSources(int hospitals, int clinics) {
        return new CitySpec(seed, residents, hospitals, clinics, historyStart, historyEnd, residentsPerBundle,
                heavyResidents, identityNoise);
    }

    public CitySpec withSeed(long seed) {
        return new CitySpec(seed, residents, hospitals, clinics, historyStart, historyEnd, residentsPerBundle,
                heavyResidents, identityNoise);
    }

    public CitySpec withIdentityNoise(IdentityNoise identityNoise) {
        return new CitySpec(seed, residents, hospitals, clinics, historyStart, historyEnd, residentsPerBundle,
                heavyResidents, identityNoise);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
