package org.cityhealth.synthetic;

import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;

/**
 * A scheduled visit of a resident to a source, before its records are written.
 *
 * @param at     when it starts
 * @param source where (source index)
 * @param kind   what sort of visit
 * @param topic  the disease it is about (null for follow-ups, whose reason depends on what is known by then, and
 *               vaccinations)
 * @param days   length of a stay
 * @param number the antenatal visit number (0–4), or the cycle of a chemotherapy stay
 * @param shots  vaccines given at a vaccination visit
 */
record Visit(LocalDateTime at, int source, Kind kind, Disease topic, int days, int number, List<Shot> shots) {

    /** Visits in time order; at the same minute, in the order of {@link Kind}. */
    static final Comparator<Visit> CHRONOLOGICAL = Comparator.comparing(Visit::at).thenComparing(Visit::kind)
            .thenComparingInt(Visit::source);

    enum Kind { DIAGNOSIS, ADMISSION, TERMINAL, SPECIALIST, FOLLOW_UP, OUTPATIENT, EMERGENCY, PRENATAL, EXAM,
            VACCINATION }

    /** A vaccine dose. */
    record Shot(Vaccine vaccine, int dose) {
    }

    static Visit of(LocalDateTime at, int source, Kind kind, Disease topic) {
        return new Visit(at, source, kind, topic, 0, 0, List.of());
    }

    static Visit stay(LocalDateTime at, int source, Kind kind, Disease topic, int days) {
        return new Visit(at, source, kind, topic, days, 0, List.of());
    }

    Visit withDays(int days) {
        return new Visit(at, source, kind, topic, days, number, shots);
    }
}
