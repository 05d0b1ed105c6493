package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * A resident's body: stable traits drawn once (adult height, body-mass tendency, blood-pressure offset, lipid and
 * kidney baselines, how faithfully they take their medicines) and the measured values that follow from them, their
 * age, their diseases and their treatment on a given day.
 *
 * <p>Trends are the point: a diabetic's HbA1c creeps up before diagnosis, falls over three months on metformin,
 * drifts up again as the disease progresses and falls once more when insulin is added; a hypertensive's blood
 * pressure follows amlodipine and losartan the same way; LDL halves on a statin; creatinine climbs in kidney disease.
 */
final class Physiology {

    /** What the measurements need to know about the resident's state on the day. */
    interface State {
        /** Day the disease begins in the resident's plan, or null; may lie ahead, as values drift before a diagnosis. */
        LocalDate diagnosed(Disease disease);

        /** Day the resident started the medicine if they take it on {@code day}, else null. */
        LocalDate takingSince(Drug drug, LocalDate day);

        /** Conception date of a current pregnancy, or null. */
        LocalDate pregnantSince(LocalDate day);
    }

    private final Resident resident;
    private final SplittableRandom random;
    private final double adultHeight;
    private final double bmiTendency;
    private final double pressureOffset;
    private final double heartRate;
    private final double cholesterol;
    private final double creatinine;
    private final double hemoglobin;
    private final double alt;
    private final double adherence;
    private final double hypertensionExcess;
    private final double diabetesHba1c;

    Physiology(Resident resident, SplittableRandom random) {
        this.resident = resident;
        this.random = random;
        boolean male = resident.male();
        double height = male ? 170 + 6 * random.nextGaussian() : 158.5 + 5.5 * random.nextGaussian();
        if (resident.birthDate().getYear() < 1960) {
            height -= 3;
        }
        this.adultHeight = height;
        this.bmiTendency = Stats.clamp(23.2 + 3.0 * random.nextGaussian(), 16.5, 38);
        this.pressureOffset = Stats.clamp(8 * random.nextGaussian(), -12, 20);
        this.heartRate = 74 + 7 * random.nextGaussian();
        this.cholesterol = 4.6 + 0.7 * random.nextGaussian();
        this.creatinine = (male ? 80 : 60) + 9 * random.nextGaussian();
        this.hemoglobin = (male ? 146 : 128) + 7 * random.nextGaussian();
        this.alt = 20 * Math.exp(0.35 * random.nextGaussian());
        this.adherence = 0.5 + 0.5 * random.nextDouble();
        this.hypertensionExcess = 24 + 8 * random.nextGaussian();
        this.diabetesHba1c = Stats.clamp(8.4 + 1.0 * random.nextGaussian(), 6.6, 12.5);
    }

    double height(LocalDate day) {
        double age = years(resident.birthDate(), day);
        if (age < 18) {
            double fraction = Stats.interpolate(new double[] {0, 1, 2, 3, 4, 6, 8, 10, 12, 14, 16, 18},
                    resident.male()
                            ? new double[] {0.29, 0.44, 0.51, 0.56, 0.60, 0.68, 0.75, 0.81, 0.87, 0.94, 0.98, 1.0}
                            : new double[] {0.31, 0.47, 0.54, 0.59, 0.64, 0.72, 0.80, 0.87, 0.94, 0.98, 0.995, 1.0},
                                    age);
            return adultHeight * fraction;
        }
        return adultHeight - (age > 60 ? 0.12 * (age - 60) : 0);
    }

    double bmi(LocalDate day, State state) {
        double age = years(resident.birthDate(), day);
        if (age < 18) {
            double child = Stats.interpolate(new double[] {0, 1, 5, 10, 14, 18}, new double[] {13.5, 17, 15.5, 17.5,
                    19.5, 21},
                    age);
            return child + (bmiTendency - 23.2) * Stats.clamp(age / 18, 0, 1);
        }
        double bmi = bmiTendency - 1.5 + 0.07 * Math.min(age - 18, 40) - (age > 75 ? 0.1 * (age - 75) : 0);
        if (state.takingSince(Drug.METFORMIN, day) != null) {
            bmi -= 0.8;
        }
        LocalDate cancer = cancerSince(state, day);
        if (cancer != null) {
            bmi -= Math.min(2.5, 0.01 * ChronoUnit.DAYS.between(cancer, day));
        }
        LocalDate pregnancy = state.pregnantSince(day);
        if (pregnancy != null) {
            bmi += 4.5 * ChronoUnit.DAYS.between(pregnancy, day) / 280.0;
        }
        return bmi;
    }

    double weight(LocalDate day, State state) {
        double metres = height(day) / 100;
        return bmi(day, state) * metres * metres * (1 + 0.01 * random.nextGaussian());
    }

    /** Systolic pressure: rising with age and weight,
            raised by hypertension (from three years before its diagnosis). */
    double systolic(LocalDate day, State state) {
        double age = years(resident.birthDate(), day);
        if (age < 14) {
            return 92 + 1.4 * age + 6 * random.nextGaussian();
        }
        double sbp = 106 + 0.45 * Math.max(0, age - 20) + pressureOffset + 0.8 * (bmi(day, state) - 23);
        LocalDate htn = state.diagnosed(Disease.HYPERTENSION);
        if (htn != null) {
            double before = ChronoUnit.DAYS.between(day, htn) / 365.25;
            double ramp = before <= 0 ? 1 : before < 3 ? 1 - before / 3 : 0;
            double years = Math.max(0, -before);
            // Untreated hypertension means at least ~145 mmHg, whatever the person's baseline was.
            double untreated = Math.max(sbp + hypertensionExcess, 138 + 0.3 * hypertensionExcess) + 0.8 * years;
            sbp += ramp * (untreated - sbp);
        }
        sbp -= 14 * adherence * effect(state.takingSince(Drug.AMLODIPINE, day), day, 30);
        sbp -= 11 * adherence * effect(state.takingSince(Drug.LOSARTAN, day), day, 30);
        if (state.pregnantSince(day) != null) {
            sbp -= 4;
        }
        return sbp + 7 * random.nextGaussian();
    }

    double diastolic(double systolic, LocalDate day) {
        double age = years(resident.birthDate(), day);
        if (age < 14) {
            return 0.62 * systolic + 4 * random.nextGaussian();
        }
        return 0.5 * systolic + 16 - 0.2 * Math.max(0, age - 60) + 5 * random.nextGaussian();
    }

    double heartRate(LocalDate day, State state, boolean fever) {
        double age = years(resident.birthDate(), day);
        double rate = age < 3 ? 120 : age < 12 ? 95 : heartRate;
        if (state.diagnosed(Disease.COPD) != null && !state.diagnosed(Disease.COPD).isAfter(day)) {
            rate += 6;
        }
        if (state.diagnosed(Disease.ATRIAL_FIBRILLATION) != null
                && !state.diagnosed(Disease.ATRIAL_FIBRILLATION).isAfter(day)) {
            rate += 12 * Math.abs(random.nextGaussian());
        }
        return rate + (fever ? 12 : 0) + 5 * random.nextGaussian();
    }

    /** HbA1c: normal, then rising over the three years before a diabetes diagnosis, then shaped by treatment. */
    double hba1c(LocalDate day, State state) {
        double age = years(resident.birthDate(), day);
        double normal = 5.3 + 0.006 * Math.max(0, age - 40) + 0.2 * random.nextGaussian();
        LocalDate dm = state.diagnosed(Disease.DIABETES);
        if (dm == null) {
            return normal;
        }
        double yearsSince = ChronoUnit.DAYS.between(dm, day) / 365.25;
        if (yearsSince < 0) {
            double ramp = Stats.clamp(1 + yearsSince / 3, 0, 1);
            return normal + ramp * ramp * (diabetesHba1c - 0.6 - 5.3);
        }
        double value = diabetesHba1c + 0.18 * yearsSince;
        value -= 1.4 * adherence * effect(state.takingSince(Drug.METFORMIN, day), day, 60);
        value -= 1.6 * adherence * effect(state.takingSince(Drug.INSULIN_GLARGINE, day), day, 60);
        return Math.max(5.6, value) + 0.25 * random.nextGaussian();
    }

    /** Fasting glucose follows HbA1c (ADAG: mean glucose = 1.59 × HbA1c − 2.59, fasting a little lower). */
    double glucose(LocalDate day, State state, boolean gestationalDiabetes) {
        LocalDate dm = state.diagnosed(Disease.DIABETES);
        double value;
        if (dm != null && !dm.isAfter(day.plusYears(3))) {
            value = 1.59 * hba1c(day, state) - 2.59 - 0.9 + 0.6 * random.nextGaussian();
        } else {
            value = 4.9 + 0.008 * Math.max(0, years(resident.birthDate(), day) - 40) + 0.35 * random.nextGaussian();
        }
        if (gestationalDiabetes) {
            value = 5.8 + 0.8 * Math.abs(random.nextGaussian());
        }
        return Math.max(3.2, value);
    }

    double cholesterol(LocalDate day, State state) {
        double age = years(resident.birthDate(), day);
        double value = cholesterol + 0.012 * Math.max(0, age - 35);
        LocalDate lipid = state.diagnosed(Disease.HYPERLIPIDEMIA);
        if (lipid != null && !lipid.isAfter(day.plusYears(2))) {
            value += 1.4;
        }
        value -= 1.5 * adherence * effect(state.takingSince(Drug.ATORVASTATIN, day), day, 45);
        return Math.max(2.4, value + 0.3 * random.nextGaussian());
    }

    double ldl(double cholesterol) {
        return Math.max(0.8, 0.62 * cholesterol - 0.05 + 0.18 * random.nextGaussian());
    }

    /** Creatinine: stable, then 140 μmol/L at a CKD diagnosis rising 6% a year (faster with diabetes). */
    double creatinine(LocalDate day, State state) {
        double age = years(resident.birthDate(), day);
        double value = age < 14 ? 35 + 2.5 * age : creatinine + 0.4 * Math.max(0, age - 60);
        LocalDate ckd = state.diagnosed(Disease.CKD);
        if (ckd != null) {
            double yearsSince = ChronoUnit.DAYS.between(ckd, day) / 365.25;
            if (yearsSince >= -2) {
                double rate = state.diagnosed(Disease.DIABETES) != null ? 0.08 : 0.06;
                value = Math.max(value, 140 * Math.exp(rate * yearsSince));
            }
        }
        return value * (1 + 0.05 * random.nextGaussian());
    }

    double whiteCells(boolean bacterial, boolean viral, boolean chemotherapy) {
        if (chemotherapy) {
            return 2.4 + 1.0 * Math.abs(random.nextGaussian());
        }
        if (bacterial) {
            return 11.5 + 2.5 * Math.abs(random.nextGaussian());
        }
        if (viral) {
            return 4.2 + 1.6 * Math.abs(random.nextGaussian());
        }
        return Math.max(3.2, 6.3 + 1.3 * random.nextGaussian());
    }

    double hemoglobin(LocalDate day, State state) {
        double age = years(resident.birthDate(), day);
        double value = age < 12 ? 122 : hemoglobin;
        if (age > 70) {
            value -= 0.3 * (age - 70);
        }
        LocalDate ckd = state.diagnosed(Disease.CKD);
        if (ckd != null && !ckd.isAfter(day)) {
            value -= 18;
        }
        if (cancerSince(state, day) != null) {
            value -= 14;
        }
        if (state.pregnantSince(day) != null) {
            value -= 10;
        }
        return value + 5 * random.nextGaussian();
    }

    double alt(LocalDate day, State state) {
        double value = alt;
        if (state.takingSince(Drug.ATORVASTATIN, day) != null) {
            value += 5;
        }
        LocalDate liver = state.diagnosed(Disease.LIVER_CANCER);
        if (liver != null && !liver.isAfter(day)) {
            value = 80 + 60 * Math.abs(random.nextGaussian());
        }
        return value * Math.exp(0.15 * random.nextGaussian());
    }

    double inr(LocalDate day, State state) {
        if (state.takingSince(Drug.WARFARIN, day) != null) {
            return Stats.clamp(2.4 + 0.45 * random.nextGaussian(), 1.3, 4.6);
        }
        return 1.0 + 0.07 * random.nextGaussian();
    }

    double oxygenSaturation(LocalDate day, State state, boolean pneumonia) {
        double value = 98 + 0.8 * random.nextGaussian();
        LocalDate copd = state.diagnosed(Disease.COPD);
        if (copd != null && !copd.isAfter(day)) {
            value = 93.5 + 1.8 * random.nextGaussian();
        }
        if (pneumonia) {
            value -= 4 + 2 * Math.abs(random.nextGaussian());
        }
        return Math.min(100, value);
    }

    double temperature(boolean fever) {
        return fever ? 38.1 + 0.8 * Math.abs(random.nextGaussian()) : 36.5 + 0.25 * random.nextGaussian();
    }

    double afp(boolean liverCancer) {
        return liverCancer ? 200 * Math.exp(1.2 * Math.abs(random.nextGaussian())) : 3
                + 1.5 * Math.abs(random.nextGaussian());
    }

    double cea(boolean activeTumour) {
        return activeTumour ? 8 * Math.exp(1.0 * Math.abs(random.nextGaussian())) : 1.8
                + 1.0 * Math.abs(random.nextGaussian());
    }

    private static LocalDate cancerSince(State state, LocalDate day) {
        for (Disease d : Disease.values()) {
            if (d.cancer()) {
                LocalDate since = state.diagnosed(d);
                if (since != null && !since.isAfter(day)) {
                    return since;
                }
            }
        }
        return null;
    }

    /** How much of a medicine's full effect has built up since it was started (exponential, time constant tau). */
    private static double effect(LocalDate since, LocalDate day, double tauDays) {
        if (since == null) {
            return 0;
        }
        long days = ChronoUnit.DAYS.between(since, day);
        return days <= 0 ? 0 : 1 - Math.exp(-days / tauDays);
    }

    private static double years(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) / 365.25;
    }
}
