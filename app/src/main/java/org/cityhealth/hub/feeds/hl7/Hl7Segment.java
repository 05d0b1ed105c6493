package org.cityhealth.hub.feeds.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;

/** One segment of a message and its repetition number, with field access that never throws. */
record Hl7Segment(Segment segment, int repetition) {

    String name() {
        return segment.getName();
    }

    /** The ERR location of field {@code field}, e.g. {@code PID^1^3}. */
    String location(int field) {
        return name() + "^" + repetition + "^" + field;
    }

    /** Component 1 of the first repetition; null when empty. */
    String get(int field) {
        return get(field, 0, 1, 1);
    }

    String get(int field, int component) {
        return get(field, 0, component, 1);
    }

    /** A value by position (repetition from 0, component and subcomponent from 1); null when empty or absent. */
    String get(int field, int repetition, int component, int subcomponent) {
        try {
            if (field < 1 || field > segment.numFields() || repetition >= segment.getField(field).length) {
                return null;
            }
            String value = Terser.get(segment, field, repetition, component, subcomponent);
            return value == null || value.isBlank() ? null : value.strip();
        } catch (HL7Exception | RuntimeException e) {
            return null;
        }
    }

    int repetitions(int field) {
        try {
            return field > segment.numFields() ? 0 : segment.getField(field).length;
        } catch (HL7Exception e) {
            return 0;
        }
    }
}
