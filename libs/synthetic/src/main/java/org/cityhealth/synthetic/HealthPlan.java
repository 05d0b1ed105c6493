package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;

/**
 * What happens to a resident's health during the history, decided before any visit is written: when chronic diseases
 * begin, which episodes of acute illness and injury occur, pregnancies, an allergy, and death.
 *
 * @param windowStart   first day with records (the later of the history start and birth)
 * @param windowEnd     last day with records (the history end, or the day of death)
 * @param onsets        chronic diseases (cancers and stroke included) with their onset; onsets before windowStart are
 *                      known from the first visit on
 * @param episodes      acute episodes in the window, in no particular order
 * @param pregnancies   pregnancies that begin in the window
 * @param allergy       the resident's allergy, or null
 * @param death         date of death within the history, or null
 * @param deathCause    what they died of, when they die
 * @param diesInHospital whether death ends a hospital stay (else at home)
 * @param managed       whether their chronic care is managed (quarterly follow-up) rather than sporadic
 * @param coronaryPresentsAsInfarction whether coronary disease first shows as a myocardial infarction
 */
record HealthPlan(LocalDate windowStart, LocalDate windowEnd, EnumMap<Disease, LocalDate> onsets,
                  List<Episode> episodes, List<Pregnancy> pregnancies, Allergy allergy, LocalDate death,
                  Disease deathCause, boolean diesInHospital, boolean managed, boolean coronaryPresentsAsInfarction) {

    /** A pregnancy: conceived, delivered (possibly after the history ends), with or without gestational diabetes. */
    record Pregnancy(LocalDate conception, LocalDate delivery, boolean gestationalDiabetes) {

        boolean on(LocalDate day) {
            return !day.isBefore(conception) && !day.isAfter(delivery);
        }
    }

    /** An acute episode: a disease on a day. */
    record Episode(Disease disease, LocalDate date) {
    }

    /**
     * An allergy. {@code known} is when it was first noticed; when that is inside the window the resident comes to
     * the emergency department with the reaction that day.
     */
    record Allergy(Allergen allergen, LocalDate known, Allergen.Reaction reaction, String criticality,
            String severity) {
    }

    Disease cancer() {
        for (Disease d : onsets.keySet()) {
            if (d.cancer()) {
                return d;
            }
        }
        return null;
    }
}
