package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a resident takes, since when and until when, and the prescribing rules of the city's doctors: first-line
 * treatment of each chronic disease as Chinese guidelines give it (amlodipine for hypertension, metformin for diabetes,
 * a statin and aspirin for coronary disease, warfarin for atrial fibrillation …), short courses for acute illness,
 * orders on admission. Rules respect what is known: no penicillin once a penicillin allergy is known, clopidogrel
 * instead of aspirin for those allergic to aspirin, warfarin replacing aspirin in atrial fibrillation.
 */
final class Medicines {

    private final Resident resident;
    private final HealthPlan plan;
    private final SplittableRandom random;
    private final EnumMap<Drug, LocalDate> started = new EnumMap<>(Drug.class);
    private final EnumMap<Drug, LocalDate> stopped = new EnumMap<>(Drug.class);
    private final EnumMap<Drug, Disease> reasonOf = new EnumMap<>(Drug.class);

    Medicines(Resident resident, HealthPlan plan, SplittableRandom random) {
        this.resident = resident;
        this.plan = plan;
        this.random = random;
    }

    /** When the resident started the medicine, if they take it on {@code day}; else null. */
    LocalDate takingSince(Drug drug, LocalDate day) {
        LocalDate since = started.get(drug);
        if (since == null || since.isAfter(day)) {
            return null;
        }
        LocalDate stop = stopped.get(drug);
        return stop != null && !stop.isAfter(day) ? null : since;
    }

    /** The disease the medicine was started for. */
    Disease reasonOf(Drug drug) {
        return reasonOf.get(drug);
    }

    /** When a course with an end ends (or ended), or null. */
    LocalDate stopsOn(Drug drug) {
        return stopped.get(drug);
    }

    /** Starts the long-term treatment of a newly known disease; returns the medicines started. */
    List<Drug> startTreatmentOf(Disease d, LocalDate day, Map<Disease, LocalDate> known) {
        List<Drug> drugs = new ArrayList<>(3);
        boolean aspirinAllergy = allergicTo(Allergen.ASPIRIN, day);
        Drug antiplatelet = aspirinAllergy ? Drug.CLOPIDOGREL : Drug.ASPIRIN;
        switch (d) {
            case HYPERTENSION -> {
                if (resident.ageOn(day) >= 18) {
                    drugs.add(Drug.AMLODIPINE);
                }
            }
            case DIABETES -> drugs.add(Drug.METFORMIN);
            case HYPERLIPIDEMIA -> drugs.add(Drug.ATORVASTATIN);
            case CORONARY_DISEASE -> {
                drugs.add(Drug.ATORVASTATIN);
                if (takingSince(Drug.WARFARIN, day) == null) {
                    drugs.add(antiplatelet);
                }
            }
            case STROKE -> {
                drugs.add(Drug.ATORVASTATIN);
                drugs.add(known.containsKey(Disease.ATRIAL_FIBRILLATION) ? Drug.WARFARIN : antiplatelet);
            }
            case ATRIAL_FIBRILLATION -> {
                drugs.add(Drug.WARFARIN);
                if (takingSince(Drug.ASPIRIN, day) != null) {
                    stopped.put(Drug.ASPIRIN, day);
                }
            }
            case COPD -> {
                drugs.add(Drug.TIOTROPIUM);
                drugs.add(Drug.SALBUTAMOL);
            }
            case ASTHMA -> {
                if (resident.ageOn(day) >= 12) {
                    drugs.add(Drug.BUDESONIDE_FORMOTEROL);
                }
                drugs.add(Drug.SALBUTAMOL);
            }
            case CKD -> {
                if ((known.containsKey(Disease.HYPERTENSION) || known.containsKey(Disease.DIABETES))
                        && resident.ageOn(day) >= 18) {
                    drugs.add(Drug.LOSARTAN);
                }
            }
            case DEPRESSION -> {
                start(Drug.SERTRALINE, d, day, day.plusDays(180 + random.nextInt(360)));
                return List.of(Drug.SERTRALINE);
            }
            default -> {
            }
        }
        List<Drug> started = new ArrayList<>(drugs.size());
        for (Drug drug : drugs) {
            if (takingSince(drug, day) == null) {
                start(drug, d, day, null);
                started.add(drug);
            }
        }
        return started;
    }

    /** Starts (or restarts) a medicine, to be taken until {@code until} or indefinitely when that is null. */
    void start(Drug drug, Disease reason, LocalDate day, LocalDate until) {
        started.put(drug, day);
        reasonOf.put(drug, reason);
        if (until == null) {
            stopped.remove(drug);
        } else {
            stopped.put(drug, until);
        }
    }

    boolean allergicTo(Allergen allergen, LocalDate day) {
        HealthPlan.Allergy a = plan.allergy();
        return a != null && a.allergen() == allergen && !a.known().isAfter(day);
    }

    private Drug antibiotic(int age, LocalDate day) {
        if (allergicTo(Allergen.PENICILLIN, day)) {
            return age < 18 ? Drug.AZITHROMYCIN : Drug.LEVOFLOXACIN;
        }
        return Drug.AMOXICILLIN;
    }

    private Drug antipyretic(int age) {
        return age < 12 ? Drug.PARACETAMOL : Drug.IBUPROFEN;
    }

    /** What an outpatient or emergency visit for an acute complaint prescribes. */
    List<Drug> acute(Disease d, int age, LocalDate day) {
        return switch (d) {
            case INFLUENZA -> random.nextDouble() < 0.7 ? List.of(Drug.OSELTAMIVIR, antipyretic(age))
                    : List.of(antipyretic(age));
            case UPPER_RESPIRATORY_INFECTION -> random.nextDouble() < 0.6 ? List.of(antipyretic(age)) : List.of();
            case FEVER, HAND_FOOT_MOUTH, VARICELLA -> List.of(antipyretic(age));
            case BRONCHITIS, OTITIS_MEDIA, PNEUMONIA -> List.of(antibiotic(age, day));
            case URINARY_INFECTION -> List.of(age >= 18 ? Drug.LEVOFLOXACIN : antibiotic(age, day));
            case GASTROENTERITIS -> List.of(Drug.DIOSMECTITE);
            case GASTRITIS -> List.of(Drug.OMEPRAZOLE);
            case LOW_BACK_PAIN, ANKLE_SPRAIN, RADIUS_FRACTURE -> List.of(Drug.IBUPROFEN);
            case DERMATITIS -> List.of(Drug.HYDROCORTISONE_CREAM);
            case CONJUNCTIVITIS -> List.of(Drug.LEVOFLOXACIN_EYE_DROPS);
            case FINGER_WOUND -> random.nextDouble() < 0.5 ? List.of(antibiotic(age, day)) : List.of();
            case ALLERGIC_REACTION -> plan.allergy() != null
                    && plan.allergy().reaction() == Allergen.Reaction.ANAPHYLAXIS
                    ? List.of(Drug.EPINEPHRINE, Drug.LORATADINE) : List.of(Drug.LORATADINE);
            default -> List.of();
        };
    }

    /** What a stay for {@code d} orders on admission. */
    List<Drug> inpatient(Disease d, int age, LocalDate day, boolean terminal, Map<Disease, LocalDate> known) {
        Drug prophylaxis = allergicTo(Allergen.PENICILLIN, day) ? (age < 18 ? Drug.AZITHROMYCIN : Drug.LEVOFLOXACIN)
                : Drug.CEFUROXIME;
        List<Drug> drugs = new ArrayList<>(4);
        switch (d) {
            case PNEUMONIA, APPENDICITIS, CHOLECYSTITIS, CAESAREAN_DELIVERY -> drugs.add(prophylaxis);
            case HIP_FRACTURE -> {
                drugs.add(prophylaxis);
                drugs.add(Drug.ENOXAPARIN);
            }
            case UNSTABLE_ANGINA -> drugs.add(Drug.ENOXAPARIN);
            case MYOCARDIAL_INFARCTION -> {
                for (Drug drug : startTreatmentOf(Disease.CORONARY_DISEASE, day, known)) {
                    drugs.add(drug);
                }
                if (takingSince(Drug.CLOPIDOGREL, day) == null) {
                    start(Drug.CLOPIDOGREL, Disease.CORONARY_DISEASE, day, day.plusDays(365));
                    drugs.add(Drug.CLOPIDOGREL);
                }
            }
            case CHEMOTHERAPY -> {
                Disease cancer = plan.cancer();
                if (cancer == Disease.LUNG_CANCER) {
                    drugs.add(Drug.CISPLATIN);
                    drugs.add(Drug.PACLITAXEL);
                } else if (cancer == Disease.BREAST_CANCER) {
                    drugs.add(Drug.PACLITAXEL);
                } else {
                    drugs.add(Drug.OXALIPLATIN);
                }
            }
            default -> {
                if (d.cancer() && !terminal) {
                    drugs.add(prophylaxis);
                }
            }
        }
        return drugs;
    }
}
