package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides a resident's health events from age- and sex-specific prevalence curves resembling Chinese survey figures
 * (China Hypertension Survey, China Chronic Disease and Risk Factor Surveillance, national cancer registry).
 *
 * <p>Each chronic disease has a curve of the share of people ever diagnosed by a given age (diagnosed, not affected:
 * only about half of Chinese adults with hypertension or diabetes know they have it, and only they have records). A resident's onset age is
 * where the curve reaches their own uniform draw, so the population reproduces the curve exactly. The draws of the
 * cardiometabolic diseases share a common factor (a Gaussian copula) so that hypertension, diabetes, lipids, coronary
 * disease, stroke and kidney disease cluster in the same people as they do in life.
 */
final class HealthPlanner {

    private static final double[] HTN_AGE = {0, 18, 30, 40, 50, 60, 70, 80, 100};
    private static final double[] HTN = {0, 0.003, 0.02, 0.06, 0.14, 0.25, 0.36, 0.44, 0.48};
    private static final double[] DM_AGE = {0, 25, 35, 45, 55, 65, 75, 100};
    private static final double[] DM = {0, 0.003, 0.015, 0.04, 0.08, 0.12, 0.15, 0.16};
    private static final double[] LIPID_AGE = {0, 30, 45, 60, 75, 100};
    private static final double[] LIPID = {0, 0.02, 0.07, 0.14, 0.18, 0.20};
    private static final double[] CHD_AGE = {0, 40, 50, 60, 70, 80, 100};
    private static final double[] CHD = {0, 0.002, 0.02, 0.06, 0.12, 0.19, 0.24};
    private static final double[] AF_AGE = {0, 50, 60, 70, 80, 100};
    private static final double[] AF = {0, 0.003, 0.01, 0.03, 0.07, 0.10};
    private static final double[] COPD_AGE = {0, 40, 50, 60, 70, 80, 100};
    private static final double[] COPD = {0, 0.005, 0.03, 0.07, 0.13, 0.19, 0.22};
    private static final double[] ASTHMA_AGE = {0, 3, 10, 20, 100};
    private static final double[] ASTHMA = {0, 0.01, 0.03, 0.04, 0.05};
    private static final double[] CKD_AGE = {0, 40, 50, 60, 70, 80, 100};
    private static final double[] CKD = {0, 0.003, 0.01, 0.025, 0.05, 0.08, 0.10};
    private static final double[] STROKE_AGE = {0, 45, 55, 65, 75, 85, 100};
    private static final double[] STROKE = {0, 0.005, 0.015, 0.04, 0.08, 0.12, 0.15};
    private static final double[] DEPRESSION_AGE = {0, 15, 30, 50, 70, 100};
    private static final double[] DEPRESSION = {0, 0.005, 0.02, 0.035, 0.045, 0.05};
    private static final double[] CANCER_AGE = {0, 30, 40, 50, 60, 70, 80, 100};
    private static final double[] CANCER = {0, 0.002, 0.006, 0.018, 0.045, 0.09, 0.14, 0.18};

    private static final Disease[] MALE_CANCERS = {Disease.LUNG_CANCER, Disease.STOMACH_CANCER, Disease.LIVER_CANCER,
            Disease.COLON_CANCER, Disease.ESOPHAGEAL_CANCER, Disease.PROSTATE_CANCER, Disease.THYROID_CANCER};
    private static final double[] MALE_CANCER_WEIGHT = {30, 15, 15, 15, 8, 7, 10};
    private static final Disease[] FEMALE_CANCERS = {Disease.BREAST_CANCER, Disease.LUNG_CANCER, Disease.THYROID_CANCER,
            Disease.COLON_CANCER, Disease.STOMACH_CANCER, Disease.CERVICAL_CANCER, Disease.LIVER_CANCER};
    private static final double[] FEMALE_CANCER_WEIGHT = {25, 20, 20, 12, 8, 7, 8};

    /** Extra yearly risk of death after a cancer diagnosis, by site. */
    private static final Map<Disease, Double> CANCER_DEATH = Map.of(Disease.LUNG_CANCER, 0.35, Disease.LIVER_CANCER,
            0.45,
            Disease.ESOPHAGEAL_CANCER, 0.30, Disease.STOMACH_CANCER, 0.25, Disease.COLON_CANCER, 0.12,
            Disease.BREAST_CANCER, 0.05, Disease.PROSTATE_CANCER, 0.06, Disease.CERVICAL_CANCER, 0.08,
            Disease.THYROID_CANCER, 0.005);

    private final CitySpec spec;
    private final FluCalendar flu;

    HealthPlanner(CitySpec spec, FluCalendar flu) {
        this.spec = spec;
        this.flu = flu;
    }

    HealthPlan plan(Resident resident, SplittableRandom random) {
        LocalDate birth = resident.birthDate();
        LocalDate windowStart = birth.isAfter(spec.historyStart()) ? birth : spec.historyStart();
        LocalDate windowEnd = spec.historyEnd();
        boolean male = resident.male();

        EnumMap<Disease, LocalDate> onsets = new EnumMap<>(Disease.class);
        if (resident.heavy()) {
            heavyOnsets(resident, windowStart, random, onsets);
        } else {
            chronicOnsets(resident, windowStart, windowEnd, random, onsets);
        }
        boolean coronaryAsInfarction = onsets.containsKey(Disease.CORONARY_DISEASE)
                && onsets.get(Disease.CORONARY_DISEASE).isAfter(windowStart) && random.nextDouble() < 0.2;

        List<HealthPlan.Episode> episodes = new ArrayList<>();
        influenzaLike(resident, windowStart, windowEnd, onsets, random, episodes);
        acute(resident, windowStart, windowEnd, onsets, random, episodes);
        coronaryEvents(resident, windowStart, windowEnd, onsets, coronaryAsInfarction, random, episodes);

        List<HealthPlan.Pregnancy> pregnancies = male ? List.of() : pregnancies(resident, windowStart, windowEnd,
                random);
        HealthPlan.Allergy allergy = allergy(resident, windowStart, windowEnd, random);
        if (allergy != null && allergy.known().isAfter(windowStart)) {
            episodes.add(new HealthPlan.Episode(Disease.ALLERGIC_REACTION, allergy.known()));
        }

        // Death last: it depends on everything above, and cuts the window short.
        LocalDate death = null;
        Disease cause = null;
        if (!resident.heavy()) {
            death = death(resident, windowStart, windowEnd, onsets, episodes, random);
            if (death != null) {
                cause = deathCause(onsets, death);
                windowEnd = death;
            }
        }
        boolean diesInHospital = death != null && random.nextDouble() < 0.65;
        boolean managed = resident.heavy() || random.nextDouble() < 0.55;
        LocalDate end = windowEnd;
        episodes.removeIf(e -> e.date().isBefore(windowStart) || !e.date().isBefore(end));
        return new HealthPlan(windowStart, windowEnd, onsets, episodes, pregnancies, allergy, death, cause,
                diesInHospital, managed, coronaryAsInfarction);
    }

    private void chronicOnsets(Resident resident, LocalDate windowStart, LocalDate windowEnd, SplittableRandom random,
                               EnumMap<Disease, LocalDate> onsets) {
        boolean male = resident.male();
        double metabolic = random.nextGaussian();
        double htnMultiplier = male ? 1.1 : 1.0;
        onset(Disease.HYPERTENSION, HTN_AGE, HTN, htnMultiplier, correlated(metabolic, 0.5, random), resident,
                windowEnd, onsets);
        onset(Disease.DIABETES, DM_AGE, DM, 1.0, correlated(metabolic, 0.5, random), resident, windowEnd, onsets);
        onset(Disease.HYPERLIPIDEMIA, LIPID_AGE, LIPID, 1.0, correlated(metabolic, 0.5, random), resident, windowEnd,
                onsets);
        boolean diabetic = onsets.containsKey(Disease.DIABETES);
        boolean hypertensive = onsets.containsKey(Disease.HYPERTENSION);
        onset(Disease.CORONARY_DISEASE, CHD_AGE, CHD, (male ? 1.3 : 0.8) * (diabetic ? 1.5 : 1.0),
                correlated(metabolic, 0.4, random), resident, windowEnd, onsets);
        onset(Disease.ATRIAL_FIBRILLATION, AF_AGE, AF, male ? 1.2 : 0.9, random.nextDouble(), resident, windowEnd,
                onsets);
        onset(Disease.STROKE, STROKE_AGE, STROKE, (hypertensive ? 1.4 : 1.0)
                        * (onsets.containsKey(Disease.ATRIAL_FIBRILLATION) ? 2.0 : 1.0),
                correlated(metabolic, 0.3, random), resident, windowEnd, onsets);
        onset(Disease.CKD, CKD_AGE, CKD, diabetic || hypertensive ? 1.8 : 0.6, correlated(metabolic, 0.3, random),
                resident, windowEnd, onsets);
        onset(Disease.COPD, COPD_AGE, COPD, male ? 1.6 : 0.5, random.nextDouble(), resident, windowEnd, onsets);
        onset(Disease.ASTHMA, ASTHMA_AGE, ASTHMA, 1.0, random.nextDouble(), resident, windowEnd, onsets);
        onset(Disease.DEPRESSION, DEPRESSION_AGE, DEPRESSION, male ? 0.7 : 1.3, random.nextDouble(), resident,
                windowEnd, onsets);
        // Strokes long before the history leave no follow-up worth generating; keep those of the last 15 years.
        dropIfBefore(onsets, Disease.STROKE, windowStart.minusYears(15));
        // Depression episodes before the history have resolved.
        dropIfBefore(onsets, Disease.DEPRESSION, windowStart);

        double cancerDraw = random.nextDouble();
        Disease site = male ? pick(MALE_CANCERS, MALE_CANCER_WEIGHT, random) : pick(FEMALE_CANCERS,
                FEMALE_CANCER_WEIGHT, random);
        onset(site, CANCER_AGE, CANCER, male ? 1.15 : 0.9, cancerDraw, resident, windowEnd, onsets);
        // A cancer more than five years before the history is past history, not a current problem.
        dropIfBefore(onsets, site, windowStart.minusYears(5));
    }

    private static void heavyOnsets(Resident resident, LocalDate windowStart, SplittableRandom random,
                                    EnumMap<Disease, LocalDate> onsets) {
        LocalDate birth = resident.birthDate();
        onsets.put(Disease.HYPERTENSION, birth.plusYears(44).plusDays(random.nextInt(1500)));
        onsets.put(Disease.DIABETES, birth.plusYears(48).plusDays(random.nextInt(1500)));
        onsets.put(Disease.HYPERLIPIDEMIA, birth.plusYears(50).plusDays(random.nextInt(1500)));
        onsets.put(Disease.CORONARY_DISEASE, birth.plusYears(56).plusDays(random.nextInt(1500)));
        onsets.put(Disease.CKD, windowStart.minusDays(200 + random.nextInt(600)));
        if (random.nextDouble() < 0.5) {
            onsets.put(Disease.ATRIAL_FIBRILLATION, windowStart.plusDays(200 + random.nextInt(1500)));
        }
        if (resident.male() && random.nextDouble() < 0.4) {
            onsets.put(Disease.COPD, windowStart.minusDays(random.nextInt(2000)));
        }
    }

    private static double correlated(double common, double rho, SplittableRandom random) {
        return Stats.normalCdf(rho * common + Math.sqrt(1 - rho * rho) * random.nextGaussian());
    }

    private static void onset(Disease disease, double[] ages, double[] everDiagnosed, double multiplier, double draw,
                              Resident resident, LocalDate windowEnd, EnumMap<Disease, LocalDate> onsets) {
        double age = Stats.inverse(ages, everDiagnosed, draw / multiplier);
        if (Double.isNaN(age)) {
            return;
        }
        LocalDate onset = resident.birthDate().plusDays(Math.round(age * 365.2425));
        if (onset.isBefore(windowEnd)) {
            onsets.put(disease, onset);
        }
    }

    private static void dropIfBefore(EnumMap<Disease, LocalDate> onsets, Disease disease, LocalDate limit) {
        LocalDate onset = onsets.get(disease);
        if (onset != null && onset.isBefore(limit)) {
            onsets.remove(disease);
        }
    }

    /**
     * Influenza-like illness: each wave of the city's calendar brings a Poisson number of visits around its peak
     * (children and the elderly most), plus colds and fevers spread over the year.
     */
    private void influenzaLike(Resident resident, LocalDate windowStart, LocalDate windowEnd,
                               EnumMap<Disease, LocalDate> onsets, SplittableRandom random,
                               List<HealthPlan.Episode> episodes) {
        double susceptibility = Math.exp(0.5 * random.nextGaussian() - 0.125);
        if (onsets.containsKey(Disease.COPD) || onsets.containsKey(Disease.ASTHMA)) {
            susceptibility *= 1.5;
        }
        for (FluCalendar.Wave wave : flu.waves()) {
            if (wave.peak().isBefore(windowStart.minusDays(60)) || wave.peak().isAfter(windowEnd.plusDays(60))) {
                continue;
            }
            int age = resident.ageOn(wave.peak());
            double mean = (age < 6 ? 0.55 : age < 18 ? 0.40 : age < 60 ? 0.14
                    : 0.22) * wave.intensity() * susceptibility;
            int count = Stats.poisson(mean, random);
            for (int i = 0; i < count; i++) {
                double kind = random.nextDouble();
                Disease disease = kind < 0.6 ? Disease.INFLUENZA : kind < 0.9 ? Disease.UPPER_RESPIRATORY_INFECTION
                        : Disease.FEVER;
                episodes.add(new HealthPlan.Episode(disease, wave.sample(random)));
            }
        }
        for (LocalDate year = windowStart; year.isBefore(windowEnd); year = year.plusYears(1)) {
            int age = resident.ageOn(year);
            double mean = (age < 6 ? 0.30 : age < 18 ? 0.15 : age < 60 ? 0.05 : 0.08) * susceptibility;
            int count = Stats.poisson(mean, random);
            for (int i = 0; i < count; i++) {
                double kind = random.nextDouble();
                Disease disease = kind < 0.75 ? Disease.UPPER_RESPIRATORY_INFECTION : kind < 0.95 ? Disease.FEVER
                        : Disease.INFLUENZA;
                episodes.add(new HealthPlan.Episode(disease, year.plusDays(random.nextInt(365))));
            }
        }
    }

    /** Other acute illnesses and injuries, each with its own yearly rate by age and sex. */
    private static void acute(Resident resident, LocalDate windowStart, LocalDate windowEnd,
                              EnumMap<Disease, LocalDate> onsets, SplittableRandom random,
                                      List<HealthPlan.Episode> episodes) {
        boolean male = resident.male();
        boolean copd = onsets.containsKey(Disease.COPD);
        for (LocalDate year = windowStart; year.isBefore(windowEnd); year = year.plusYears(1)) {
            int age = resident.ageOn(year);
            add(episodes, Disease.GASTROENTERITIS, age < 6 ? 0.12 : 0.04, year, random);
            add(episodes, Disease.BRONCHITIS, age < 14 ? 0.06 : age < 65 ? 0.03 : 0.06, year, random);
            add(episodes, Disease.URINARY_INFECTION, !male && age >= 16 ? 0.05 : male && age >= 65 ? 0.02 : 0.003,
                    year, random);
            add(episodes, Disease.LOW_BACK_PAIN, age >= 30 && age < 75 ? 0.04 : 0, year, random);
            add(episodes, Disease.GASTRITIS, age >= 18 ? 0.035 : 0.005, year, random);
            add(episodes, Disease.DERMATITIS, 0.025, year, random);
            add(episodes, Disease.CONJUNCTIVITIS, age < 12 ? 0.04 : 0.015, year, random);
            add(episodes, Disease.OTITIS_MEDIA, age < 8 ? 0.10 : 0.005, year, random);
            addSeasonal(episodes, Disease.HAND_FOOT_MOUTH, age < 6 ? 0.06 : 0, year, 4, 7, random);
            addSeasonal(episodes, Disease.VARICELLA, age >= 2 && age < 13 ? 0.015 : 0, year, 11, 5, random);
            add(episodes, Disease.ANKLE_SPRAIN, age >= 10 && age < 50 ? 0.015 : 0.004, year, random);
            add(episodes, Disease.RADIUS_FRACTURE, !male && age >= 50 ? 0.006 : 0.0015, year, random);
            add(episodes, Disease.CONCUSSION, 0.0025, year, random);
            add(episodes, Disease.FINGER_WOUND, age >= 18 && age < 65 ? 0.01 : 0.002, year, random);
            add(episodes, Disease.HIP_FRACTURE, age >= 75 ? 0.012 : age >= 60 ? 0.002 : 0, year, random);
            add(episodes, Disease.APPENDICITIS, age >= 8 && age < 40 ? 0.0012 : 0.0004, year, random);
            add(episodes, Disease.CHOLECYSTITIS, age >= 40 ? 0.003 : 0.0003, year, random);
            add(episodes, Disease.PNEUMONIA, age < 5 ? 0.03 : age >= 65 ? (copd ? 0.07 : 0.025) : copd ? 0.03 : 0.004,
                    year, random);
        }
    }

    private static void add(List<HealthPlan.Episode> episodes, Disease disease, double rate, LocalDate year,
                            SplittableRandom random) {
        int count = Stats.poisson(rate, random);
        for (int i = 0; i < count; i++) {
            episodes.add(new HealthPlan.Episode(disease, year.plusDays(random.nextInt(365))));
        }
    }

    /** Like {@link #add} but in a season from {@code firstMonth} for {@code months} months (hand,
            foot and mouth in spring). */
    private static void addSeasonal(List<HealthPlan.Episode> episodes, Disease disease, double rate, LocalDate year,
                                    int firstMonth, int months, SplittableRandom random) {
        int count = Stats.poisson(rate, random);
        for (int i = 0; i < count; i++) {
            LocalDate seasonStart = LocalDate.of(year.getYear(), firstMonth, 1);
            if (seasonStart.isBefore(year)) {
                seasonStart = seasonStart.plusYears(1);
            }
            episodes.add(new HealthPlan.Episode(disease, seasonStart.plusDays(random.nextInt(months * 30))));
        }
    }

    /** Myocardial infarctions of coronary patients, and unstable angina or pneumonia admissions of heavy patients. */
    private static void coronaryEvents(Resident resident, LocalDate windowStart, LocalDate windowEnd,
                                       EnumMap<Disease, LocalDate> onsets, boolean asInfarction,
                                               SplittableRandom random,
                                       List<HealthPlan.Episode> episodes) {
        LocalDate chd = onsets.get(Disease.CORONARY_DISEASE);
        if (chd != null) {
            if (asInfarction) {
                episodes.add(new HealthPlan.Episode(Disease.MYOCARDIAL_INFARCTION, chd));
            }
            LocalDate from = chd.isAfter(windowStart) ? chd.plusDays(30) : windowStart;
            for (LocalDate year = from; year.isBefore(windowEnd); year = year.plusYears(1)) {
                if (random.nextDouble() < 0.02) {
                    episodes.add(new HealthPlan.Episode(Disease.MYOCARDIAL_INFARCTION,
                            year.plusDays(random.nextInt(365))));
                }
            }
        }
        if (resident.heavy()) {
            for (LocalDate year = windowStart; year.isBefore(windowEnd); year = year.plusYears(1)) {
                int admissions = 1 + (random.nextDouble() < 0.5 ? 1 : 0);
                for (int i = 0; i < admissions; i++) {
                    double kind = random.nextDouble();
                    Disease d = kind < 0.4 ? Disease.UNSTABLE_ANGINA : kind < 0.7 ? Disease.PNEUMONIA : Disease.CKD;
                    episodes.add(new HealthPlan.Episode(d, year.plusDays(random.nextInt(365))));
                }
            }
        }
    }

    /**
     * Pregnancies by the age-specific fertility of Chinese cities, at most two in the history, two years apart;
     * delivery around 39 weeks, gestational diabetes in 12% (China's prevalence under the IADPSG criteria).
     */
    private static List<HealthPlan.Pregnancy> pregnancies(Resident resident, LocalDate windowStart, LocalDate windowEnd,
                                                          SplittableRandom random) {
        List<HealthPlan.Pregnancy> out = new ArrayList<>();
        LocalDate earliest = windowStart;
        for (LocalDate year = windowStart; year.isBefore(windowEnd) && out.size() < 2; year = year.plusYears(1)) {
            int age = resident.ageOn(year);
            double rate = age < 22 ? 0 : age < 25 ? 0.05 : age < 30 ? 0.09 : age < 35 ? 0.07 : age < 40 ? 0.03
                    : age < 43 ? 0.01 : 0;
            if (!year.isBefore(earliest) && random.nextDouble() < rate) {
                LocalDate conception = year.plusDays(random.nextInt(365));
                if (conception.isBefore(windowEnd)) {
                    out.add(new HealthPlan.Pregnancy(conception, conception.plusDays(263 + random.nextInt(18)),
                            random.nextDouble() < 0.12));
                    earliest = conception.plusDays(280 + 730);
                }
            }
        }
        return out;
    }

    private static HealthPlan.Allergy allergy(Resident resident, LocalDate windowStart, LocalDate windowEnd,
                                              SplittableRandom random) {
        if (random.nextDouble() >= 0.10) {
            return null;
        }
        int ageAtStart = Math.max(0, resident.ageOn(windowStart));
        Allergen[] all = Allergen.values();
        double[] weights = new double[all.length];
        for (int i = 0; i < all.length; i++) {
            weights[i] = all[i].weight * (ageAtStart < 10 && all[i].category.equals("food") ? 2 : 1);
        }
        Allergen allergen = pick(all, weights, random);
        LocalDate known;
        long windowDays = ChronoUnit.DAYS.between(windowStart, windowEnd);
        if (random.nextDouble() < 0.7 && ageAtStart >= 2) {
            known = resident.birthDate().plusDays(random.nextInt(Math.max(1, (int) ChronoUnit.DAYS.between(
                    resident.birthDate(), windowStart))));
        } else {
            known = windowStart.plusDays(1 + random.nextInt((int) Math.max(1, windowDays - 1)));
        }
        Allergen.Reaction reaction = switch (allergen) {
            case PENICILLIN -> random.nextDouble() < 0.1 ? Allergen.Reaction.ANAPHYLAXIS
                    : random.nextBoolean() ? Allergen.Reaction.SKIN_ERUPTION : Allergen.Reaction.URTICARIA;
            case SULFONAMIDE -> Allergen.Reaction.SKIN_ERUPTION;
            case ASPIRIN -> random.nextBoolean() ? Allergen.Reaction.DYSPNEA : Allergen.Reaction.URTICARIA;
            case SEAFOOD -> random.nextBoolean() ? Allergen.Reaction.URTICARIA : Allergen.Reaction.ITCHING;
            case PEANUT -> random.nextDouble() < 0.2 ? Allergen.Reaction.ANAPHYLAXIS : Allergen.Reaction.URTICARIA;
            case EGG, COW_MILK -> random.nextBoolean() ? Allergen.Reaction.SKIN_ERUPTION : Allergen.Reaction.NAUSEA;
            case POLLEN, DUST_MITE -> random.nextBoolean() ? Allergen.Reaction.ITCHING : Allergen.Reaction.DYSPNEA;
        };
        String criticality;
        String severity;
        if (reaction == Allergen.Reaction.ANAPHYLAXIS) {
            criticality = "high";
            severity = "severe";
        } else {
            double c = random.nextDouble();
            criticality = c < 0.7 ? "low" : c < 0.9 ? "high" : "unable-to-assess";
            severity = reaction == Allergen.Reaction.DYSPNEA ? "moderate" : random.nextBoolean() ? "mild" : "moderate";
        }
        return new HealthPlan.Allergy(allergen, known, reaction, criticality, severity);
    }

    /** Month-by-month mortality: a Gompertz curve by age plus the excess risk of the diseases the resident has. */
    private static LocalDate death(Resident resident, LocalDate windowStart, LocalDate windowEnd,
                                   EnumMap<Disease, LocalDate> onsets, List<HealthPlan.Episode> episodes,
                                   SplittableRandom random) {
        Disease cancer = null;
        for (Disease d : onsets.keySet()) {
            if (d.cancer()) {
                cancer = d;
            }
        }
        LocalDate firstPossible = windowStart.plusDays(30);
        for (LocalDate month = windowStart; month.isBefore(windowEnd); month = month.plusMonths(1)) {
            int age = resident.ageOn(month);
            // Gompertz fit to China's 2020 life table: 0.4% a year at 52, doubling every eight years.
            double yearly = age < 1 ? 0.004 : age < 25 ? 0.0003 : Math.min(0.4, 0.004 * Math.exp(0.0874 * (age - 52)));
            if (cancer != null && !onsets.get(cancer).isAfter(month)) {
                double years = ChronoUnit.DAYS.between(onsets.get(cancer), month) / 365.25;
                yearly += CANCER_DEATH.get(cancer) * (years < 1 ? 1.3 : years < 3 ? 1.0 : 0.4);
            }
            if (has(onsets, Disease.STROKE, month)) {
                yearly += 0.04;
            }
            if (has(onsets, Disease.CORONARY_DISEASE, month)) {
                yearly += 0.015;
            }
            if (has(onsets, Disease.COPD, month)) {
                yearly += age >= 70 ? 0.05 : 0.02;
            }
            if (has(onsets, Disease.CKD, month)) {
                yearly += 0.03;
            }
            if (random.nextDouble() < yearly / 12) {
                LocalDate day = month.plusDays(random.nextInt(28));
                if (day.isAfter(firstPossible) && day.isBefore(windowEnd)) {
                    return day;
                }
            }
        }
        return null;
    }

    private static boolean has(Map<Disease, LocalDate> onsets, Disease disease, LocalDate on) {
        LocalDate onset = onsets.get(disease);
        return onset != null && !onset.isAfter(on);
    }

    private static Disease deathCause(EnumMap<Disease, LocalDate> onsets, LocalDate death) {
        for (Map.Entry<Disease, LocalDate> e : onsets.entrySet()) {
            if (e.getKey().cancer() && !e.getValue().isAfter(death)) {
                return e.getKey();
            }
        }
        if (has(onsets, Disease.STROKE, death)) {
            return Disease.STROKE;
        }
        if (has(onsets, Disease.CORONARY_DISEASE, death)) {
            return Disease.MYOCARDIAL_INFARCTION;
        }
        return Disease.PNEUMONIA;
    }

    private static <T> T pick(T[] values, double[] weights, SplittableRandom random) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double pick = random.nextDouble() * total;
        for (int i = 0; i < values.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }
}
