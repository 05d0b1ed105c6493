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
                phone, formerPhone, clinic.index(), hospitals, examCenter, heavy);
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
