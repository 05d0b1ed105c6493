package org.cityhealth.hub.feeds.vitals;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The vital signs a reading may carry: the name in the message (and the names other makers use), the LOINC code(s), the
 * UCUM unit stored and its usual spellings.
 */
enum VitalSign {
    HEART_RATE("heart-rate", "8867-4", "Heart rate", "/min",
            Set.of("hr", "pulse", "pulse-rate", "pr", "heartrate"), Set.of("bpm", "beats/min", "1/min", "{beats}/min", "次/分")),
    // 59408-5 (pulse oximetry) first, 2708-6 (arterial saturation) too: the FHIR vital-signs profile asks for both.
    SPO2("spo2", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%",
            Set.of("sp-o2", "spo₂", "sao2", "oxygen-saturation", "o2-saturation", "o2-sat", "o2sat", "blood-oxygen"), Set.of("percent")),
    BLOOD_PRESSURE("blood-pressure", "85354-9", "Blood pressure panel with all children optional", "mm[Hg]",
            Set.of("bp", "nibp", "bloodpressure"), Set.of("mmhg", "mm hg")),
    TEMPERATURE("temperature", "8310-5", "Body temperature", "Cel",
            Set.of("temp", "t", "body-temperature", "bodytemperature"), Set.of("°c", "℃", "c", "degc", "celsius")),
    RESPIRATION("respiration", "9279-1", "Respiratory rate", "/min",
            Set.of("rr", "resp", "respiratory-rate", "respiration-rate", "resp-rate", "breathing-rate"),
            Set.of("breaths/min", "{breaths}/min", "rpm", "brpm", "1/min", "次/分"));

    /** The second SpO2 code. */
    static final String SPO2_ARTERIAL = "2708-6";
    static final String SYSTOLIC = "8480-6";
    static final String DIASTOLIC = "8462-4";

    /** Fahrenheit, which a temperature may come in: converted to Celsius, the unit the hub stores. */
    static final Set<String> FAHRENHEIT = Set.of("[degf]", "°f", "℉", "f", "degf", "fahrenheit");

    /** Every name a sign is known by (its wire name, aliases, LOINC code), normalised by {@link #normalise}. */
    private static final Map<String, VitalSign> BY_NAME = Arrays.stream(values())
            .flatMap(sign -> Stream.concat(Stream.of(sign.wireName, sign.loinc), sign.aliases.stream()).map(name -> Map.entry(name, sign)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final String wireName;
    private final String loinc;
    private final String display;
    private final String unit;
    private final Set<String> aliases;
    /** The UCUM unit and its usual spellings, lower case. */
    private final Set<String> units;

    VitalSign(String wireName, String loinc, String display, String unit, Set<String> aliases, Set<String> unitSpellings) {
        this.wireName = wireName;
        this.loinc = loinc;
        this.display = display;
        this.unit = unit;
        this.aliases = aliases;
        this.units = Stream.concat(Stream.of(unit.toLowerCase(Locale.ROOT)), unitSpellings.stream()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The sign a message names: by wire name ({@code heart-rate}), a usual alias ({@code HR}, {@code heartRate}, {@code SpO2},
     * {@code NIBP}) or its LOINC code. Devices of different makers name the same signs differently; all are the same reading.
     */
    static Optional<VitalSign> byName(String name) {
        // The documented name first: it is what nearly every message carries, and it needs no normalising.
        VitalSign sign = BY_NAME.get(name);
        return Optional.ofNullable(sign != null ? sign : BY_NAME.get(normalise(name)));
    }

    /** {@code heartRate}, {@code Heart_Rate} and {@code heart rate} alike as {@code heart-rate}. */
    static String normalise(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        String stripped = name.strip();
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(stripped.charAt(i - 1))) {
                out.append('-');
            }
            out.append(c == '_' || c == ' ' ? '-' : Character.toLowerCase(c));
        }
        return out.toString();
    }

    /** Whether {@code spelling} (any case) names this sign's unit. */
    boolean isUnit(String spelling) {
        return unit.equals(spelling) || units.contains(spelling.strip().toLowerCase(Locale.ROOT));
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
