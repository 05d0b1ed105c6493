package org.cityhealth.identity;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An official identifier other than the resident ID that names one person for life or for the document's validity:
 * a passport, a mainland travel permit for Hong Kong and Macao residents (港澳居民来往内地通行证) or Taiwan residents
 * (台湾居民来往大陆通行证), a foreign permanent resident ID card, or a medical-insurance number. Two records holding the
 * same kind and value are the same person; two different values of one kind are not evidence of anything (people
 * renew passports).
 */
public record OfficialId(Kind kind, String value) {

    /** The kinds, with the shape a valid value has after normalisation (upper case, no blanks). */
    public enum Kind {
        PASSPORT("[A-Z0-9]{5,17}"),
        HK_MACAO_PERMIT("[HM][0-9]{8}([0-9]{2})?"),
        TAIWAN_PERMIT("[0-9]{8}([0-9]{2})?"),
        FOREIGN_PERMANENT_RESIDENT("([A-Z]{3}[0-9]{12}|9[0-9]{16}[0-9X])"),
        MEDICAL_INSURANCE("[A-Z0-9]{8,30}");

        private final Pattern shape;

        Kind(String shape) {
            this.shape = Pattern.compile(shape);
        }
    }

    public OfficialId {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(value, "value is null");
        if (!kind.shape.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid " + kind + " number");
        }
    }

    /** Reads a value as typed (blanks, hyphens and case ignored); empty when it is not a valid number of that kind. */
    public static Optional<OfficialId> parse(Kind kind, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normal = text.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        return kind.shape.matcher(normal).matches() ? Optional.of(new OfficialId(kind, normal)) : Optional.empty();
    }

    /** The key under which equal identifiers meet: kind and value. */
    public String key() {
        return kind.name() + ":" + value;
    }
}
