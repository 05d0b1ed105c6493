package org.cityhealth.synthetic;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much identity noise the sources' Patient records carry, so that a master-person-index (record linkage) benchmark
 * meets the errors real registries have and can measure precision and recall against the ground truth
 * ({@link CityGenerator#residents()}). Every rate is a probability in [0, 1]; all decisions derive from the city's seed,
 * and each kind draws on its own, so raising one rate adds cases of that kind without moving the others.
 *
 * <p>Noise changes what the sources <em>send</em>, never who a resident <em>is</em>: the truth keeps the true ID, name
 * and birth date, and says per record which noise was applied. Twins are the exception in kind: they are real people
 * who look alike, not errors.
 *
 * @param nameTypo         per Patient record: the name carries one error — a given-name character replaced by a
 *                         homophone ({@link NoiseKind#NAME_HOMOPHONE}), the name in traditional characters
 *                         ({@link NoiseKind#NAME_TRADITIONAL}), or one character of a two-character given name dropped
 *                         ({@link NoiseKind#NAME_DROPPED_CHARACTER}); a name none of these fits stays as it is
 * @param idTypo           per record that carries the resident ID: two adjacent digits of the first seventeen
 *                         transposed or one digit changed; the result always fails the GB 11643 check character
 * @param idMissing        per record that would carry the resident ID: it is left out (on top of the young children
 *                         whom some sources register without one)
 * @param nameChange       per resident: they changed their given name (改名) once; at least one of their sources, but
 *                         not all, still holds the former one
 * @param swappedBirthDate per record: day and month of the birth date swapped; applied only where that gives another
 *                         valid date that is not after the history (day ≤ 12, day ≠ month), so the effective share of
 *                         records is about a third of this rate
 * @param twins            per resident: the share of residents who have a twin among the residents — same family name,
 *                         birth date, birthplace, district, address line and phone, another given name, a unique ID
 * @param sharedPhone      per resident: all their records carry a family member's phone (an adult of the same
 *                         community, itself a resident) instead of their own
 */
public record IdentityNoise(double nameTypo, double idTypo, double idMissing, double nameChange,
                            double swappedBirthDate, double twins, double sharedPhone) {

    /** No noise: the generator's output is exactly what it was before noise existed. */
    public static final IdentityNoise NONE = new IdentityNoise(0, 0, 0, 0, 0, 0, 0);

    public IdentityNoise {
        nameTypo = check("nameTypo", nameTypo);
        idTypo = check("idTypo", idTypo);
        idMissing = check("idMissing", idMissing);
        nameChange = check("nameChange", nameChange);
        swappedBirthDate = check("swappedBirthDate", swappedBirthDate);
        twins = check("twins", twins);
        sharedPhone = check("sharedPhone", sharedPhone);
    }

    /**
     * Rates of the size a city's registries plausibly have. None is a measured figure for Chinese hospitals — we know
     * of no published per-field error rates for them — so each is a judgement, stated here so a benchmark can say what
     * it ran against:
     * <ul>
     *   <li>{@code nameTypo} 0.02: names are typed through a pinyin input method at registration; a few per cent of
     *       name disagreements between registries is the usual order of magnitude in record-linkage work;</li>
     *   <li>{@code idTypo} 0.003: most IDs are read from the card by a reader, only a minority keyed by hand, and
     *       18-digit manual entry goes wrong perhaps once in a hundred;</li>
     *   <li>{@code idMissing} 0.05: emergencies, patients without their card, foreigners and careless registration;</li>
     *   <li>{@code nameChange} 0.01: given-name changes need the public security bureau's approval and are rarer than
     *       this; the rate is raised so a benchmark meets enough of them;</li>
     *   <li>{@code swappedBirthDate} 0.01: day/month confusion when dates are keyed or converted;</li>
     *   <li>{@code twins} 0.01: twin deliveries are roughly one in a hundred in China, so one to two per cent of people
     *       are twins; the low end is taken;</li>
     *   <li>{@code sharedPhone} 0.05: children and many elderly people are registered with a relative's mobile.</li>
     * </ul>
     */
    public static IdentityNoise realistic() {
        return new IdentityNoise(0.02, 0.003, 0.05, 0.01, 0.01, 0.01, 0.05);
    }

    /** {@code none} or {@code realistic} (case-insensitive), as the command line names them. */
    public static IdentityNoise named(String name) {
        if (name == null) {
            throw new IllegalArgumentException("identity noise must be none or realistic");
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "realistic" -> realistic();
            default -> throw new IllegalArgumentException("identity noise must be none or realistic: " + name);
        };
    }

    /**
     * These rates with some replaced, from text such as {@code name-typo=0.05,twins=0.02}; the keys are
     * {@code name-typo}, {@code id-typo}, {@code id-missing}, {@code name-change}, {@code swapped-birth-date},
     * {@code twins} and {@code shared-phone}. Blank text changes nothing.
     *
     * @throws IllegalArgumentException naming the first unknown key or bad value
     */
    public IdentityNoise withRates(String overrides) {
        if (overrides == null || overrides.isBlank()) {
            return this;
        }
        Map<String, Double> rates = rates();
        for (String part : overrides.split(",", -1)) {
            String item = part.strip();
            int equals = item.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("identity noise override must be kind=rate, e.g. name-typo=0.05: '"
                        + item + "'");
            }
            String key = item.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = item.substring(equals + 1).strip();
            if (!rates.containsKey(key)) {
                throw new IllegalArgumentException("unknown identity noise kind '" + key + "'; expected one of "
                        + String.join(", ", rates.keySet()));
            }
            double rate;
            try {
                rate = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("identity noise " + key + " must be a number between 0 and 1: '"
                        + value + "'");
            }
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("identity noise " + key + " must be between 0 and 1: " + value);
            }
            rates.put(key, rate);
        }
        return new IdentityNoise(rates.get("name-typo"), rates.get("id-typo"), rates.get("id-missing"),
                rates.get("name-change"), rates.get("swapped-birth-date"), rates.get("twins"),
                rates.get("shared-phone"));
    }

    /** The rates by their command-line keys, in declaration order. */
    public Map<String, Double> rates() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("name-typo", nameTypo);
        out.put("id-typo", idTypo);
        out.put("id-missing", idMissing);
        out.put("name-change", nameChange);
        out.put("swapped-birth-date", swappedBirthDate);
        out.put("twins", twins);
        out.put("shared-phone", sharedPhone);
        return out;
    }

    /** True when every rate is zero. */
    public boolean isNone() {
        return nameTypo == 0 && idTypo == 0 && idMissing == 0 && nameChange == 0 && swappedBirthDate == 0 && twins == 0
                && sharedPhone == 0;
    }

    private static double check(String name, double rate) {
        // Written so that NaN fails too.
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("identityNoise." + name + " must be between 0 and 1: " + rate);
        }
        // -0.0 becomes 0.0: records compare doubles bitwise, and -0.0 must equal NONE as it behaves like it.
        return rate + 0.0;
    }
}
