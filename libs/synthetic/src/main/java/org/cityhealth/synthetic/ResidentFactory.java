package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.cityhealth.identity.ResidentId;

/**
 * Makes resident {@code i} from (seed, i) alone: identity, name, address, phone and the sources that know them.
 * The history is generated separately, from its own stream, so these facts stay stable whatever the history does.
 */
final class ResidentFactory {

    /** Mobile prefixes of the three operators (13x–19x). */
    private static final String[] MOBILE_PREFIXES = {
            "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "153",
                    "155",
            "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184",
                    "185",
            "186", "187", "188", "189", "191", "193", "195", "198", "199"};

    private final CitySpec spec;
    private final SourceCatalog catalog;
    private final IdentityPlan plan;

    ResidentFactory(CitySpec spec, SourceCatalog catalog) {
        this.spec = spec;
        this.catalog = catalog;
        this.plan = new IdentityPlan(spec);
    }

    Resident create(int index) {
        if (spec.identityNoise().isNone()) {
            return plain(index);
        }
        Resident r = isSecondTwin(index) ? secondTwin(index) : plain(index);
        return withPersonalNoise(r);
    }

    /** Resident {@code index} as the city without identity noise has them. */
    private Resident plain(int index) {
        IdentityPlan.Slot slot = plan.slot(index);
        boolean heavy = index < spec.heavyResidents();
        SplittableRandom random = Seeds.random(spec.seed(), Seeds.Stream.DEMOGRAPHICS, index);
        boolean male = heavy ? index % 2 == 0 : random.nextDouble() < 0.512;
        LocalDate birth = slot.birthDate();
        int ageAtEnd = age(birth, spec.historyEnd());
        SourceCatalog.Source clinic = catalog.clinicOf(index);
        Geography.District district = clinic.district();
        double elsewhere = heavy ? 0 : ageAtEnd >= 18 ? 0.17 : 0.08;
        String birthplace = random.nextDouble() < elsewhere
                ? Geography.origin(random).code()
                : district.birthCode(birth.getYear(), random);
        String body = birthplace + String.format("%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(),
                birth.getDayOfMonth(), slot.sequence(male));
        // Built from the check character rather than ResidentId.of: the identity library refuses birth dates after
        // today, and a history may legitimately end in the future.
        String residentId = body + ResidentId.checkCharacter(body);
        NameGenerator.Name name = NameGenerator.name(male, birth.getYear(), random);
        String address = Geography.addressLine(district, random);
        String phone = mobile(random);
        String formerPhone = ageAtEnd >= 18 && random.nextDouble() < 0.25 ? mobile(random) : null;

        SplittableRandom care = Seeds.random(spec.seed(), Seeds.Stream.CARE, index);
        int[] hospitals = hospitals(care, district, male, ageAtEnd, heavy);
        int examCenter = (ageAtEnd >= 22 && ageAtEnd <= 72 && care.nextDouble() < (heavy ? 0.5 : 0.25))
                ? catalog.examCenter().index() : -1;
        return new Resident(index, residentId, name.family(), name.given(), male, birth, birthplace, district, address,
                phone, formerPhone, clinic.index(), hospitals, examCenter, heavy, -1, null, null);
    }

    // ---------------------------------------------------------------- identity noise

    /**
     * Whether residents {@code 2k} and {@code 2k + 1} are twins. Pairs are neighbours in the numbering, which runs
     * community by community, so twins share a clinic and its district; heavy residents and pairs split between two
     * clinics are never twins.
     */
    boolean twinPair(int k) {
        double rate = spec.identityNoise().twins();
        int first = 2 * k;
        int second = first + 1;
        if (rate == 0 || second >= spec.residents() || first < spec.heavyResidents()
                || catalog.clinicOf(first).index() != catalog.clinicOf(second).index()) {
            return false;
        }
        return Seeds.unit(spec.seed(), Seeds.Stream.NOISE, ~(long) k, NoiseKeys.TWIN_PAIR) < rate;
    }

    /** The index of resident {@code index}'s twin, or -1. */
    int twinOf(int index) {
        return twinPair(index >>> 1) ? index ^ 1 : -1;
    }

    private boolean isSecondTwin(int index) {
        return (index & 1) == 1 && twinPair(index >>> 1);
    }

    /**
     * The second of a pair of twins: the first twin's family name, birth date, birthplace, address and phones, a given
     * name and sources of their own, and a resident ID that no one else has.
     *
     * <p>The ID is region + birth date + sequence, and the plan makes (birth date, sequence) unique: lane {@code l}
     * owns sequences {@code 2l} and {@code 2l + 1}, and holds at most one resident per birth date. So on the first
     * twin's birth date the other parity of the first twin's lane is provably free: an opposite-sex twin takes it. A
     * same-sex twin takes lane {@code σ(l) = (l + 1) mod 499} with the same parity when {@link IdentityPlan#occupied}
     * proves that no ordinary resident is born that day in that lane, and is of the other sex otherwise (rarely: lanes
     * are sparse, so about half of all twins are same-sex). Twins never collide with each other either: two twins of
     * different pairs born the same day come from different lanes {@code l ≠ l'}, so {@code σ(l) ≠ σ(l')}; and a lane
     * a same-sex twin enters is free, so no first twin — nor therefore an opposite-sex second twin — is born in it that
     * day. The second twin's own slot is simply left unused. Heavy residents keep lane 499, which σ never reaches.
     */
    private Resident secondTwin(int index) {
        Resident first = plain(index - 1);
        IdentityPlan.Slot slot = plan.slot(index - 1);
        boolean sameSex = Seeds.unit(spec.seed(), Seeds.Stream.NOISE, ~(long) (index >>> 1), NoiseKeys.TWIN_SEX) < 0.5;
        int sameSexLane = (slot.lane() + 1) % IdentityPlan.LANES;
        boolean male;
        int sequence;
        if (sameSex && !plan.occupied(slot.birthDate(), sameSexLane)) {
            male = first.male();
            sequence = 2 * sameSexLane + (male ? 1 : 0);
        } else {
            male = !first.male();
            sequence = slot.sequence(male);
        }
        LocalDate birth = slot.birthDate();
        String body = first.birthplace() + String.format("%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(),
                birth.getDayOfMonth(), sequence);
        String residentId = body + ResidentId.checkCharacter(body);
        SplittableRandom random = Seeds.random(spec.seed(), Seeds.Stream.NOISE, index, NoiseKeys.TWIN_NAME);
        String given;
        do {
            given = NameGenerator.given(male, birth.getYear(), random);
        } while (given.equals(first.given()));
        int ageAtEnd = age(birth, spec.historyEnd());
        SplittableRandom care = Seeds.random(spec.seed(), Seeds.Stream.CARE, index);
        int[] hospitals = hospitals(care, first.district(), male, ageAtEnd, false);
        int examCenter = (ageAtEnd >= 22 && ageAtEnd <= 72 && care.nextDouble() < 0.25)
                ? catalog.examCenter().index() : -1;
        return new Resident(index, residentId, first.family(), given, male, birth, first.birthplace(),
                first.district(), first.addressLine(), first.phone(), first.formerPhone(), first.clinic(), hospitals,
                examCenter, false, index - 1, null, null);
    }

    /** Twin link, former given name and family phone: the noise that belongs to the person, not to one record. */
    private Resident withPersonalNoise(Resident r) {
        IdentityNoise noise = spec.identityNoise();
        int index = r.index();
        int twin = r.twinOf() >= 0 ? r.twinOf() : twinOf(index);
        String formerGiven = null;
        // A former name needs a source that kept it and one that updated it: every resident has two sources or more.
        if (Seeds.unit(spec.seed(), Seeds.Stream.NOISE, index, NoiseKeys.NAME_CHANGE) < noise.nameChange()
                && r.sources().length >= 2) {
            SplittableRandom random = Seeds.random(spec.seed(), Seeds.Stream.NOISE, index, NoiseKeys.FORMER_NAME);
            do {
                formerGiven = NameGenerator.given(r.male(), r.birthDate().getYear(), random);
            } while (formerGiven.equals(r.given()));
        }
        String familyPhone = Seeds.unit(spec.seed(), Seeds.Stream.NOISE, index, NoiseKeys.SHARED_PHONE)
                < noise.sharedPhone() ? familyPhone(r, twin) : null;
        if (twin < 0 && formerGiven == null && familyPhone == null) {
            return r;
        }
        return new Resident(index, r.residentId(), r.family(), r.given(), r.male(), r.birthDate(), r.birthplace(),
                r.district(), r.addressLine(), r.phone(), r.formerPhone(), r.clinic(), r.hospitals(), r.examCenter(),
                r.heavy(), twin, formerGiven, familyPhone);
    }

    /**
     * The phone of a family member: an adult (20 or older) of the same community, other than the resident and their
     * twin (who shares the phone anyway). A few candidates are tried; if none fits — a tiny community — null.
     */
    private String familyPhone(Resident r, int twin) {
        SourceCatalog.Source clinic = catalog.get(r.clinic());
        int begin = catalog.clinicBegin(clinic);
        int size = catalog.clinicEnd(clinic) - begin;
        for (int attempt = 0; attempt < 8; attempt++) {
            int member = begin + (int) (Seeds.unit(spec.seed(), Seeds.Stream.NOISE, r.index(),
                    NoiseKeys.FAMILY_MEMBER + attempt) * size);
            if (member == r.index() || member == twin) {
                continue;
            }
            // A second twin's phone is the first twin's, and only the first twin's plain self is cheap to make.
            int owner = isSecondTwin(member) ? member - 1 : member;
            if (age(plan.slot(owner).birthDate(), spec.historyEnd()) < 20) {
                continue;
            }
            String phone = plain(owner).phone();
            if (!phone.equals(r.phone())) {
                return phone;
            }
        }
        return null;
    }

    /**
     * The usual hospital is a general one (a children's hospital for most children), preferring the own district and
     * tertiary hospitals; older people know more hospitals; specialty hospitals join for those who need them.
     */
    private int[] hospitals(SplittableRandom random, Geography.District district, boolean male, int ageAtEnd,
            boolean heavy) {
        var all = catalog.hospitals();
        double[] weight = new double[all.size()];
        double[] usual = new double[all.size()];
        for (int h = 0; h < all.size(); h++) {
            SourceCatalog.Source s = all.get(h);
            double base = (s.tertiary() ? 2.5 : 1.0) * (s.district() == district ? 4.0 : 1.0);
            weight[h] = switch (s.specialty()) {
                case GENERAL -> base;
                case CHILDREN -> ageAtEnd < 18 ? 6.0 * base : 0;
                case MATERNITY -> !male && ageAtEnd >= 20 && ageAtEnd <= 46 ? 1.5 * base : 0;
                case ONCOLOGY -> ageAtEnd >= 45 ? 0.25 * base : 0;
            };
            usual[h] = s.specialty() == SourceCatalog.Specialty.GENERAL
                    || (s.specialty() == SourceCatalog.Specialty.CHILDREN && ageAtEnd < 16) ? weight[h] : 0;
        }
        double draw = random.nextDouble();
        int count = draw < 0.55 ? 1 : draw < 0.85 ? 2 : 3;
        if ((ageAtEnd >= 60 || heavy) && count < 3 && random.nextDouble() < 0.35) {
            count++;
        }
        int[] chosen = new int[Math.min(count, all.size())];
        chosen[0] = pick(usual, random);
        weight[chosen[0]] = 0;
        int filled = 1;
        while (filled < chosen.length) {
            int next = pick(weight, random);
            if (next < 0) {
                break;
            }
            chosen[filled++] = next;
            weight[next] = 0;
        }
        int[] out = java.util.Arrays.copyOf(chosen, filled);
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(out[i]).index();
        }
        return out;
    }

    private static int pick(double[] weight, SplittableRandom random) {
        double total = 0;
        for (double w : weight) {
            total += w;
        }
        if (total <= 0) {
            return -1;
        }
        double pick = random.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < weight.length; i++) {
            if (weight[i] > 0) {
                last = i;
                pick -= weight[i];
                if (pick < 0) {
                    return i;
                }
            }
        }
        return last;
    }

    private static String mobile(SplittableRandom random) {
        return MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)] + String.format("%08d",
                random.nextInt(100_000_000));
    }

    static int age(LocalDate birth, LocalDate on) {
        int age = on.getYear() - birth.getYear();
        if (on.getMonthValue() < birth.getMonthValue()
                || (on.getMonthValue() == birth.getMonthValue() && on.getDayOfMonth() < birth.getDayOfMonth())) {
            age--;
        }
        return age;
    }
}
