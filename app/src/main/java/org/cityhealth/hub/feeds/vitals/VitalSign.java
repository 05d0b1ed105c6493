package org.cityhealth.hub.feeds.vitals;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The vital signs a reading may carry: the name in the message, the LOINC code(s) and the UCUM unit stored. */
enum VitalSign {
    HEART_RATE("heart-rate", "8867-4", "Heart rate", "/min"),
    // 59408-5 (pulse oximetry) first, 2708-6 (arterial saturation) too: the FHIR vital-signs profile asks for both.
    SPO2("spo2", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%"),
    BLOOD_PRESSURE("blood-pressure", "85354-9", "Blood pressure panel with all children optional", "mm[Hg]"),
    TEMPERATURE("temperature", "8310-5", "Body temperature", "Cel"),
    RESPIRATION("respiration", "9279-1", "Respiratory rate", "/min");

    /** The second SpO2 code. */
    static final String SPO2_ARTERIAL = "2708-6";
    static final String SYSTOLIC = "8480-6";
    static final String DIASTOLIC = "8462-4";

    private static final Map<String, VitalSign> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(VitalSign::wireName, Function.identity()));

    private final String wireName;
    private final String loinc;
    private final String display;
    private final String unit;

    VitalSign(String wireName, String loinc, String display, String unit) {
        this.wireName = wireName;
        this.loinc = loinc;
        this.display = display;
        this.unit = unit;
    }

    static Optional<VitalSign> byWireName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    static String wireNames() {
        return Arrays.stream(values()).map(VitalSign::wireName).collect(Collectors.joining(", "));
    }

    String wireName() {
        return wireName;
    }

    String loinc() {
        return loinc;
    }

    String display() {
        return display;
    }

    String unit() {
        return unit;
    }
}
