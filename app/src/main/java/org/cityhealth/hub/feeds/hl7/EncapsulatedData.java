package org.cityhealth.hub.feeds.hl7;

import ca.uhn.hl7v2.ErrorCode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cityhealth.hub.feeds.PdfText;

/**
 * An OBX value of type ED (encapsulated data: source application ^ type of data ^ data subtype ^ encoding ^ data), as
 * laboratories and document systems send PDF reports and images, decoded into the bytes and media type of a FHIR
 * Attachment. Read as text, the value would be its first component (usually empty) and the report would be lost.
 */
record EncapsulatedData(String contentType, byte[] data) {

    private static final int TYPE = 2;
    private static final int SUBTYPE = 3;
    private static final int ENCODING = 4;
    private static final int DATA = 5;
    /** Top-level media types a sender may put in the type of data instead of table 0191's codes. */
    private static final Set<String> TOP_LEVEL_TYPES = Set.of("application", "image", "audio", "video", "text", "model");
    /** Data subtypes (HL7 table 0291, and the usual file types senders put there) by media type. */
    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(Map.entry("PDF", "application/pdf"),
            Map.entry("JPEG", "image/jpeg"), Map.entry("JPG", "image/jpeg"), Map.entry("PNG", "image/png"), Map.entry("GIF", "image/gif"),
            Map.entry("TIFF", "image/tiff"), Map.entry("BMP", "image/bmp"), Map.entry("RTF", "application/rtf"),
            Map.entry("HTML", "text/html"), Map.entry("XML", "application/xml"), Map.entry("DICOM", "application/dicom"),
            Map.entry("OCTET-STREAM", "application/octet-stream"));

    /** Whether the OBX's value is encapsulated data (OBX-2 ED). */
    static boolean in(Hl7Segment obx, int valueTypeField) {
        return "ED".equalsIgnoreCase(obx.get(valueTypeField));
    }

    /** The value of {@code field}'s first repetition; refused when it has no data or its encoding is unknown or broken. */
    static EncapsulatedData of(Hl7Segment segment, int field) {
        String location = segment.location(field);
        String data = segment.get(field, 0, DATA, 1);
        if (data == null) {
            throw Hl7Refusals.missing(location, "the encapsulated data (component 5)");
        }
        String encoding = segment.get(field, 0, ENCODING, 1);
        byte[] bytes;
        try {
            bytes = switch (encoding == null ? "A" : encoding.toUpperCase(Locale.ROOT)) {
                case "BASE64" -> Base64.getMimeDecoder().decode(data);
                case "HEX" -> HexFormat.of().parseHex(data);
                case "A" -> data.getBytes(StandardCharsets.UTF_8);
                default -> throw Hl7Refusals.error(ErrorCode.TABLE_VALUE_NOT_FOUND, location,
                        "unknown encoding '" + encoding + "' of encapsulated data (Base64, Hex or A)");
            };
        } catch (IllegalArgumentException e) {
            throw Hl7Refusals.error(ErrorCode.DATA_TYPE_ERROR, location, "the encapsulated data is not valid " + encoding);
        }
        return new EncapsulatedData(mediaType(segment.get(field, 0, TYPE, 1), segment.get(field, 0, SUBTYPE, 1)), bytes);
    }

    /** A media type as senders give it: {@code application^pdf}, {@code AP^PDF}, {@code TEXT^^A} or a whole {@code image/png}. */
    private static String mediaType(String type, String subtype) {
        if (subtype != null && subtype.contains("/")) {
            return subtype.toLowerCase(Locale.ROOT);
        }
        if (type != null && type.contains("/")) {
            return type.toLowerCase(Locale.ROOT);
        }
        if (subtype != null && MEDIA_TYPES.containsKey(subtype.toUpperCase(Locale.ROOT))) {
            return MEDIA_TYPES.get(subtype.toUpperCase(Locale.ROOT));
        }
        if (type != null && TOP_LEVEL_TYPES.contains(type.toLowerCase(Locale.ROOT))
                && subtype != null) {
            return type.toLowerCase(Locale.ROOT) + "/" + subtype.toLowerCase(Locale.ROOT);
        }
        return "TEXT".equalsIgnoreCase(type) ? "text/plain" : "application/octet-stream";
    }

    /** The Attachment; text is labelled UTF-8, which is what the hub decoded the message into. */
    ObjectNode attachment(ObjectNode attachment, String title) {
        attachment.put("contentType", contentType.startsWith("text/") ? contentType + "; charset=utf-8" : contentType);
        attachment.put("data", Base64.getEncoder().encodeToString(data));
        attachment.put("size", data.length);
        Conversion.putIfPresent(attachment, "title", title);
        return attachment;
    }

    /** The text of a PDF, for search; empty for other data and for a PDF that cannot be read (it is kept all the same). */
    Optional<String> text() {
        return "application/pdf".equals(contentType) ? PdfText.of(data) : Optional.empty();
    }
}
