package org.cityhealth.hub.feeds.hl7;

import java.nio.charset.Charset;

/** A message's bytes as the text HAPI parses. */
final class Hl7Text {

    /** The media type of HL7 v2 in its pipe-delimited ("ER7") encoding. */
    static final String MEDIA_TYPE = "x-application/hl7-v2+er7";

    private Hl7Text() {
    }

    static String decode(byte[] raw, Charset charset) {
        return normalize(new String(raw, charset));
    }

    /**
     * Segments end with CR; real senders also end them with LF or CRLF, prefix a byte-order mark or blank
     * lines, and leave MLLP's framing bytes in when they post over HTTP. None of that is content.
     */
    static String normalize(String text) {
        String normalized = text.replace("\r\n", "\r").replace('\n', '\r');
        int start = 0;
        while (start < normalized.length() && (Character.isWhitespace(normalized.charAt(start)) || normalized.charAt(start) == '\uFEFF'
                || normalized.charAt(start) == 0x0b)) {
            start++;
        }
        int end = normalized.length();
        while (end > start && (normalized.charAt(end - 1) == '\r' || normalized.charAt(end - 1) == 0x1c)) {
            end--;
        }
        return normalized.substring(start, end) + "\r";
    }
}
