package org.cityhealth.hub.feeds.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which character set a message's bytes are in: MSH-18 (HL7 table 0211) when present, else the charset
 * parameter of the content type it arrived with, else UTF-8. MSH-18 can be read before decoding because
 * every character set allowed here encodes the MSH delimiters and table values as ASCII.
 */
final class Hl7Charsets {

    /** HL7 table 0211 values (and the spellings senders use) of the character sets the hub decodes. */
    private static final Map<String, Charset> TABLE_0211 = Map.of(
            "UNICODE UTF-8", StandardCharsets.UTF_8, "UTF-8", StandardCharsets.UTF_8,
            "ASCII", StandardCharsets.US_ASCII, "8859/1", StandardCharsets.ISO_8859_1,
            "GB 18030-2000", Charset.forName("GB18030"), "GB18030", Charset.forName("GB18030"), "GBK", Charset.forName("GB18030"),
            "GB2312", Charset.forName("GB18030"));
    /** The MSH-18 field number. */
    static final int MSH_18 = 18;

    private Hl7Charsets() {
    }

    /**
     * The character set of {@code raw}. GBK and GB 2312 are read as GB 18030, which includes both.
     *
     * @throws org.cityhealth.hub.ingest.IngestException when MSH-18 names a character set the hub does not know
     */
    static Charset of(byte[] raw, String contentType) {
        String declared = declared(raw);
        if (!declared.isEmpty()) {
            Charset charset = TABLE_0211.get(declared.toUpperCase(Locale.ROOT));
            if (charset == null) {
                throw Hl7Refusals.rejected(ca.uhn.hl7v2.ErrorCode.TABLE_VALUE_NOT_FOUND, "MSH^1^18",
                        "character set " + declared + " is not supported (UNICODE UTF-8, GB 18030-2000, ASCII, 8859/1 are)");
            }
            return charset;
        }
        return parameter(contentType).orElse(StandardCharsets.UTF_8);
    }

    /** As {@link #of}, UTF-8 where that refuses: for labelling bytes the converter will refuse anyway. */
    static Charset lenient(byte[] raw, String contentType) {
        try {
            return of(raw, contentType);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** MSH-18's first repetition as sent; "" when the message has none (or no readable MSH). */
    static String declared(byte[] raw) {
        int length = Math.min(raw.length, 4096);
        String head = new String(raw, 0, length, StandardCharsets.ISO_8859_1);
        return MshFields.read(Hl7Text.normalize(head)).map(msh -> {
            String value = msh.field(MSH_18);
            int repetition = value.indexOf(msh.encodingCharacters().charAt(1));
            return (repetition < 0 ? value : value.substring(0, repetition)).strip();
        }).orElse("");
    }

    /** The charset parameter of a content type, when it names one Java knows. */
    static Optional<Charset> parameter(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        for (String part : contentType.split(";")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
                String name = pair[1].strip().replace("\"", "");
                try {
                    return Optional.of(Charset.forName(name.equalsIgnoreCase("GBK") || name.equalsIgnoreCase("GB2312") ? "GB18030" : name));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The content type the vault records for a message in {@code charset}. */
    static String contentType(Charset charset) {
        return Hl7Text.MEDIA_TYPE + "; charset=" + charset.name();
    }
}
