package org.cityhealth.dicom;

import java.util.ArrayList;
import java.util.List;

/**
 * A PN value split into its three component groups (PS3.5 §6.2.1): alphabetic, ideographic, phonetic, e.g.
 * {@code Wang^Xiaoming=王^小明=wang^xiao ming}. Each group keeps its raw {@code family^given^middle^prefix^suffix}
 * form; {@link #raw()} gives the value back unchanged.
 */
public record PersonName(String alphabetic, String ideographic, String phonetic) {

    public PersonName {
        alphabetic = alphabetic == null ? "" : alphabetic;
        ideographic = ideographic == null ? "" : ideographic;
        phonetic = phonetic == null ? "" : phonetic;
    }

    /** Splits one PN value (not a multi-valued string: split those on backslash first). */
    public static PersonName parse(String value) {
        String[] groups = value.split("=", -1);
        return new PersonName(groups[0].strip(), groups.length > 1 ? groups[1].strip() : "",
                groups.length > 2 ? groups[2].strip() : "");
    }

    /** The value as encoded, without trailing empty groups. */
    public String raw() {
        if (!phonetic.isEmpty()) {
            return alphabetic + "=" + ideographic + "=" + phonetic;
        }
        return ideographic.isEmpty() ? alphabetic : alphabetic + "=" + ideographic;
    }

    /** The group a Chinese reader wants: the ideographic one (汉字) when present, else the alphabetic one. */
    public String ideographicOrAlphabetic() {
        return ideographic.isEmpty() ? alphabetic : ideographic;
    }

    /**
     * A display form of {@link #ideographicOrAlphabetic()}: ideographic names are written family-then-given
     * without a space ({@code 王小明}), alphabetic ones with spaces ({@code Wang Xiaoming}); empty components
     * are skipped.
     */
    public String displayName() {
        boolean ideographs = !ideographic.isEmpty();
        List<String> parts = new ArrayList<>();
        for (String component : components(ideographicOrAlphabetic())) {
            if (!component.isBlank()) {
                parts.add(component.strip());
            }
        }
        return String.join(ideographs ? "" : " ", parts);
    }

    /** The family, given, middle, prefix and suffix components of one group (missing ones as ""). */
    public static List<String> components(String group) {
        String[] parts = group.split("\\^", -1);
        List<String> components = new ArrayList<>(5);
        for (int i = 0; i < 5; i++) {
            components.add(i < parts.length ? parts[i] : "");
        }
        return components;
    }

    @Override
    public String toString() {
        return raw();
    }
}
