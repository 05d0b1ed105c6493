package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Histories hang together the way a clinician reading them would expect. */
class ClinicalCoherenceTest {

    private static final CitySpec SPEC = CitySpec.ofResidents(3_000, 99);
    private static final List<ResidentChart> CHARTS = new ArrayList<>();

    @BeforeAll
    static void generate() {
        CityGenerator city = new CityGenerator(SPEC);
        for (int i = 0; i < SPEC.residents(); i++) {
            CHARTS.add(city.chart(i));
        }
    }

    @Test
    void everyRecordBelongsToAnEarlierEncounterOfTheSameSourceInsideTheHistory() {
        LocalDateTime start = SPEC.historyStart().atStartOfDay();
        LocalDateTime end = SPEC.historyEnd().plusDays(1).atStartOfDay();
        for (ResidentChart chart : CHARTS) {
            Map<String, ClinicalRecord.Encounter> encounters = new HashMap<>();
            for (ClinicalRecord r : chart.records()) {
                if (r instanceof ClinicalRecord.Encounter e) {
                    assertThat(e.start()).isAfterOrEqualTo(start).isBefore(end);
                    assertThat(e.start()).isAfterOrEqualTo(chart.resident().birthDate().atStartOfDay());
                    if (chart.death() != null) {
                        assertThat(e.start()).isBeforeOrEqualTo(chart.death());
                    }
                    encounters.put(e.id(), e);
                } else {
                    ClinicalRecord.Encounter e = encounters.get(encounterOf(r));
                    assertThat(e).as("%s of resident %d", r.resourceType(), chart.resident().index()).isNotNull();
                    assertThat(e.source()).isEqualTo(r.source());
                }
                assertThat(chart.resident().knownTo(r.source())).isTrue();
            }
        }
    }

    @Test
    void deathsEndTheHistoryAndHappenMostlyToTheOld() {
        int deaths = 0;
        int oldDeaths = 0;
        int inHospital = 0;
        for (ResidentChart chart : CHARTS) {
            if (chart.death() == null) {
                continue;
            }
            deaths++;
            if (ResidentFactory.age(chart.resident().birthDate(), chart.death().toLocalDate()) >= 60) {
                oldDeaths++;
            }
            if (chart.deathSource() >= 0) {
                inHospital++;
                ClinicalRecord.Encounter last = null;
                for (ClinicalRecord r : chart.records()) {
                    if (r instanceof ClinicalRecord.Encounter e && e.source() == chart.deathSource()) {
                        last = e;
                    }
                }
                assertThat(last).isNotNull();
                assertThat(last.died()).isTrue();
                assertThat(last.end()).isEqualTo(chart.death());
            }
        }
        // About 7‰ a year over ten years: a few percent of the city, most of them elderly.
        assertThat(deaths).isBetween(SPEC.residents() / 50, SPEC.residents() / 8);
        assertThat(oldDeaths).isGreaterThan(deaths * 2 / 3);
        assertThat(inHospital).isGreaterThan(deaths / 3);
    }

    @Test
    void diabetesRespondsToTreatmentAndProgresses() {
        List<Double> atDiagnosis = new ArrayList<>();
        List<Double> onMetformin = new ArrayList<>();
        for (ResidentChart chart : CHARTS) {
            LocalDate diagnosed = diagnosedDuringHistory(chart, Disease.DIABETES);
            for (ClinicalRecord r : chart.records()) {
                if (r instanceof ClinicalRecord.Observation o && o.measure() == Measure.HBA1C && diagnosed != null) {
                    long days = ChronoUnit.DAYS.between(diagnosed, o.effective().toLocalDate());
                    if (days == 0) {
                        atDiagnosis.add(o.value());
                    } else if (days >= 150 && days <= 500) {
                        onMetformin.add(o.value());
                    }
                }
            }
        }
        assertThat(atDiagnosis).hasSizeGreaterThan(15);
        assertThat(onMetformin).hasSizeGreaterThan(15);
        assertThat(mean(atDiagnosis)).isGreaterThan(7.5);
        assertThat(mean(onMetformin)).isLessThan(mean(atDiagnosis) - 0.5);
    }

    @Test
    void bloodPressureFallsOnTreatment() {
        List<Double> atDiagnosis = new ArrayList<>();
        List<Double> treated = new ArrayList<>();
        for (ResidentChart chart : CHARTS) {
            LocalDate started = diagnosedDuringHistory(chart, Disease.HYPERTENSION);
            for (ClinicalRecord r : chart.records()) {
                if (r instanceof ClinicalRecord.Observation o && o.measure() == Measure.BLOOD_PRESSURE
                        && started != null) {
                    long days = ChronoUnit.DAYS.between(started, o.effective().toLocalDate());
                    if (days == 0) {
                        atDiagnosis.add(o.value());
                    } else if (days >= 120 && days <= 400) {
                        treated.add(o.value());
                    }
                }
            }
        }
        assertThat(atDiagnosis).hasSizeGreaterThan(15);
        assertThat(mean(atDiagnosis)).isGreaterThan(140);
        assertThat(mean(treated)).isLessThan(mean(atDiagnosis) - 8);
    }

    @Test
    void penicillinIsNotGivenOnceAPenicillinAllergyIsKnown() {
        int allergic = 0;
        for (ResidentChart chart : CHARTS) {
            LocalDate known = null;
            for (ClinicalRecord r : chart.records()) {
                if (r instanceof ClinicalRecord.AllergyIntolerance a && a.allergen() == Allergen.PENICILLIN
                        && known == null) {
                    known = a.onset();
                    allergic++;
                }
            }
            if (known == null) {
                continue;
            }
            for (ClinicalRecord r : chart.records()) {
                if (r instanceof ClinicalRecord.MedicationRequest m && !m.authored().toLocalDate().isBefore(known)) {
                    assertThat(m.drug()).isNotIn(Drug.AMOXICILLIN, Drug.CEFUROXIME);
                }
            }
        }
        assertThat(allergic).isGreaterThan(20);
    }

    @Test
    void bloodTypeIsTypedAtMostOnceAndSexSpecificDiagnosesFitTheSex() {
        int typed = 0;
        for (ResidentChart chart : CHARTS) {
            long abo = chart.records().stream().filter(r -> r instanceof ClinicalRecord.Observation o
                    && o.measure() == Measure.ABO_GROUP).count();
            assertThat(abo).isLessThanOrEqualTo(1);
            typed += (int) abo;
            for (ClinicalRecord r : chart.records()) {
                if (r instanceof ClinicalRecord.Condition c) {
                    if (c.disease() == Disease.PREGNANCY || c.disease() == Disease.BREAST_CANCER
                            || c.disease() == Disease.CERVICAL_CANCER || c.disease() == Disease.CAESAREAN_DELIVERY) {
                        assertThat(chart.resident().male()).isFalse();
                    }
                    if (c.disease() == Disease.PROSTATE_CANCER) {
                        assertThat(chart.resident().male()).isTrue();
                    }
                }
            }
        }
        assertThat(typed).isGreaterThan(SPEC.residents() / 4);
    }

    @Test
    void chronicDiseasesFollowAgeLikeChinesePrevalence() {
        int adults = 0;
        int adultHypertension = 0;
        int elderly = 0;
        int elderlyHypertension = 0;
        for (ResidentChart chart : CHARTS) {
            int age = ResidentFactory.age(chart.resident().birthDate(), SPEC.historyEnd());
            boolean hypertension = chart.records().stream().anyMatch(r -> r instanceof ClinicalRecord.Condition c
                    && c.disease() == Disease.HYPERTENSION);
            if (age >= 18 && age < 60) {
                adults++;
                adultHypertension += hypertension ? 1 : 0;
            } else if (age >= 60) {
                elderly++;
                elderlyHypertension += hypertension ? 1 : 0;
            }
        }
        double young = adultHypertension / (double) adults;
        double old = elderlyHypertension / (double) elderly;
        assertThat(young).isBetween(0.03, 0.20);
        assertThat(old).isBetween(0.20, 0.55);
    }

    /** The day {@code disease} was diagnosed, when that happened during the history (treatment starts that day). */
    private static LocalDate diagnosedDuringHistory(ResidentChart chart, Disease disease) {
        for (ClinicalRecord r : chart.records()) {
            if (r instanceof ClinicalRecord.Condition c && c.disease() == disease) {
                return c.onset().isAfter(SPEC.historyStart()) && c.onset().equals(c.recorded().toLocalDate())
                        ? c.onset() : null;
            }
        }
        return null;
    }

    private static String encounterOf(ClinicalRecord r) {
        return switch (r) {
            case ClinicalRecord.Condition c -> c.encounter();
            case ClinicalRecord.Observation o -> o.encounter();
            case ClinicalRecord.DiagnosticReport d -> d.encounter();
            case ClinicalRecord.MedicationRequest m -> m.encounter();
            case ClinicalRecord.MedicationStatement m -> m.encounter();
            case ClinicalRecord.AllergyIntolerance a -> a.encounter();
            case ClinicalRecord.Procedure p -> p.encounter();
            case ClinicalRecord.ImagingStudy i -> i.encounter();
            case ClinicalRecord.Immunization i -> i.encounter();
            case ClinicalRecord.Encounter e -> e.id();
        };
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
