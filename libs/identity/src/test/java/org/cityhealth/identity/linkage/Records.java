package org.cityhealth.identity.linkage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.cityhealth.identity.OfficialId;
import org.cityhealth.identity.ResidentId;

/** Test fixtures: raw records built field by field, and a matcher with a plausible hand-set model. */
final class Records {

    /** "Today" of every read in the tests, so that the tests do not age. */
    static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    /** Link and review thresholds used with {@link #plausibleModel()}. */
    static final Matcher.Thresholds THRESHOLDS = new Matcher.Thresholds(15, 5);

    private Records() {
    }

    static Builder raw(String id) {
        return new Builder(id);
    }

    /** A valid resident ID from its parts. */
    static String residentId(String region, String birth, int sequence) {
        return ResidentId.of(region, LocalDate.parse(birth), sequence).value();
    }

    /** The same number with one of the first 17 digits changed (the check character kept): never valid. */
    static String oneDigitOff(String id, int position) {
        char[] chars = id.toCharArray();
        chars[position] = (char) ('0' + (chars[position] - '0' + 1) % 10);
        return new String(chars);
    }

    /** The same number with the digits at {@code position} and {@code position + 1} swapped. */
    static String swapped(String id, int position) {
        char[] chars = id.toCharArray();
        char swap = chars[position];
        chars[position] = chars[position + 1];
        chars[position + 1] = swap;
        return new String(chars);
    }

    /**
     * Fellegi–Sunter probabilities of the order a real population gives (weights: ID same +19.9, near +11, different
     * −6.6; name same +10.7, sounds alike +5.9, typo +2.3, surname only −1.2, different −6.5; birth same +14.2,
     * swapped +11, one part +3.7, different −6.6; sex ±; phone same +13, different −2.3; district same +3.5,
     * different −3.2).
     */
    static MatchModel plausibleModel() {
        double[][] m = new double[Field.values().length][];
        double[][] u = new double[Field.values().length][];
        m[Field.RESIDENT_ID.ordinal()] = new double[] {0.97, 0.02, 0.01};
        u[Field.RESIDENT_ID.ordinal()] = new double[] {1e-6, 1e-5, 1 - 1.1e-5};
        m[Field.NAME.ordinal()] = new double[] {0.85, 0.06, 0.05, 0.03, 0.01};
        u[Field.NAME.ordinal()] = new double[] {0.0005, 0.001, 0.01, 0.07, 0.9185};
        m[Field.BIRTH_DATE.ordinal()] = new double[] {0.93, 0.02, 0.04, 0.01};
        u[Field.BIRTH_DATE.ordinal()] = new double[] {0.00005, 0.00001, 0.003, 0.99694};
        m[Field.SEX.ordinal()] = new double[] {0.98, 0.02};
        u[Field.SEX.ordinal()] = new double[] {0.5, 0.5};
        m[Field.PHONE.ordinal()] = new double[] {0.8, 0.2};
        u[Field.PHONE.ordinal()] = new double[] {0.0001, 0.9999};
        m[Field.DISTRICT.ordinal()] = new double[] {0.9, 0.1};
        u[Field.DISTRICT.ordinal()] = new double[] {0.08, 0.92};
        return new MatchModel(0.01, m, u);
    }

    static Matcher matcher() {
        return new Matcher(plausibleModel(), THRESHOLDS);
    }

    static final class Builder {
        private final String id;
        private String family;
        private String given;
        private String text;
        private String birthDate;
        private String gender;
        private String phone;
        private String district;
        private String residentId;
        private final List<RawIdentity.Typed> officialIds = new ArrayList<>();

        private Builder(String id) {
            this.id = id;
        }

        Builder name(String text) {
            this.text = text;
            return this;
        }

        Builder family(String family) {
            this.family = family;
            return this;
        }

        Builder given(String given) {
            this.given = given;
            return this;
        }

        Builder birth(String birthDate) {
            this.birthDate = birthDate;
            return this;
        }

        Builder male() {
            this.gender = "male";
            return this;
        }

        Builder female() {
            this.gender = "female";
            return this;
        }

        Builder gender(String gender) {
            this.gender = gender;
            return this;
        }

        Builder phone(String phone) {
            this.phone = phone;
            return this;
        }

        Builder district(String district) {
            this.district = district;
            return this;
        }

        Builder residentId(String residentId) {
            this.residentId = residentId;
            return this;
        }

        Builder passport(String value) {
            return official(OfficialId.Kind.PASSPORT, value);
        }

        Builder official(OfficialId.Kind kind, String value) {
            officialIds.add(new RawIdentity.Typed(kind, value));
            return this;
        }

        RawIdentity raw() {
            return new RawIdentity(id, family, given, text, birthDate, gender, phone, district, residentId, officialIds);
        }

        RecordReader.Read read() {
            return RecordReader.read(raw(), TODAY);
        }

        PersonRecord record() {
            return read().record();
        }

        Profile profile() {
            return new Profile(record());
        }
    }
}
