package org.cityhealth.synthetic;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Ground truth about one source's Patient record of a resident: what a record-linkage benchmark needs to know about
 * the record itself, beyond whose it is.
 *
 * @param patientId         that source's Patient id
 * @param carriesResidentId whether the record has a resident ID identifier at all; the value may be mistyped (see
 *                          {@link NoiseKind#ID_TRANSPOSED_DIGITS} and {@link NoiseKind#ID_WRONG_DIGIT})
 * @param noise             the identity noise applied to this record, empty for a clean one; iterates in the order of
 *                          {@link NoiseKind}
 */
public record SourceRecordTruth(String patientId, boolean carriesResidentId, Set<NoiseKind> noise) {

    public SourceRecordTruth {
        Objects.requireNonNull(patientId, "patientId is null");
        // An EnumSet, not Set.copyOf: its iteration order is fixed, so anything printed from it is reproducible.
        EnumSet<NoiseKind> kinds = EnumSet.noneOf(NoiseKind.class);
        kinds.addAll(noise);
        noise = Collections.unmodifiableSet(kinds);
    }
}
