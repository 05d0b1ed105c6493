package org.cityhealth.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decoding and encoding of text values under a Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and
 * PS3.5 §6.1. Single-byte and Unicode sets map to one Java charset; sets with code extensions (ISO 2022 ...)
 * are decoded segment by segment, switching charset at each escape sequence. Chinese PACS mostly send GB18030
 * or ISO_IR 192; GBK and ISO 2022 IR 58 (GB2312) occur in older ones.
 */
final class CharacterSets {
    /** Default repertoire (ISO_IR 6). Decoded as Latin-1 so that stray non-ASCII bytes survive a round trip. */
    static final CharacterSets DEFAULT = new CharacterSets(List.of(), StandardCharsets.ISO_8859_1, false, false);

    private final List<String> terms;
    private final Charset primary;
    private final boolean codeExtensions;
    private final boolean gb2312Extension;

    private CharacterSets(List<String> terms, Charset primary, boolean codeExtensions, boolean gb2312Extension) {
        this.terms = terms;
        this.primary = primary;
        this.codeExtensions = codeExtensions;
        this.gb2312Extension = gb2312Extension;
    }

    /** The character sets named by the values of (0008,0005); unknown terms fall back to the default. */
    static CharacterSets of(List<String> terms) {
        if (terms.isEmpty()) {
            return DEFAULT;
        }
        boolean extensions = terms.size() > 1 || terms.getFirst().startsWith("ISO 2022");
        Charset primary = charsetOf(terms.getFirst());
        boolean gb2312 = terms.contains("ISO 2022 IR 58");
        return new CharacterSets(List.copyOf(terms), primary, extensions, gb2312);
    }

    List<String> terms() {
        return terms;
    }

    private static Charset charsetOf(String term) {
        return switch (term.strip()) {
            case "", "ISO_IR 6", "ISO 2022 IR 6" -> StandardCharsets.ISO_8859_1;
            case "ISO_IR 100", "ISO 2022 IR 100" -> StandardCharsets.ISO_8859_1;
            case "ISO_IR 101", "ISO 2022 IR 101" -> Charset.forName("ISO-8859-2");
            case "ISO_IR 109", "ISO 2022 IR 109" -> Charset.forName("ISO-8859-3");
            case "ISO_IR 110", "ISO 2022 IR 110" -> Charset.forName("ISO-8859-4");
            case "ISO_IR 144", "ISO 2022 IR 144" -> Charset.forName("ISO-8859-5");
            case "ISO_IR 127", "ISO 2022 IR 127" -> Charset.forName("ISO-8859-6");
            case "ISO_IR 126", "ISO 2022 IR 126" -> Charset.forName("ISO-8859-7");
            case "ISO_IR 138", "ISO 2022 IR 138" -> Charset.forName("ISO-8859-8");
            case "ISO_IR 148", "ISO 2022 IR 148" -> Charset.forName("ISO-8859-9");
            case "ISO_IR 203", "ISO 2022 IR 203" -> Charset.forName("ISO-8859-15");
            case "ISO_IR 166", "ISO 2022 IR 166" -> Charset.forName("x-iso-8859-11");
            case "ISO_IR 13", "ISO 2022 IR 13" -> Charset.forName("JIS_X0201");
            case "ISO_IR 192" -> StandardCharsets.UTF_8;
            case "GB18030" -> Charset.forName("GB18030");
            case "GBK" -> Charset.forName("GBK");
            case "ISO 2022 IR 58" -> Charset.forName("GB2312");
            case "ISO 2022 IR 149" -> Charset.forName("EUC-KR");
            default -> StandardCharsets.ISO_8859_1;
        };
    }

    String decode(byte[] bytes, int offset, int length) {
        if (!codeExtensions || indexOfEscape(bytes, offset, offset + length) < 0) {
            return new String(bytes, offset, length, primary);
        }
        StringBuilder text = new StringBuilder();
        int end = offset + length;
        int start = offset;
        Charset current = primary;
        while (start < end) {
            int escape = indexOfEscape(bytes, start, end);
            int segmentEnd = escape < 0 ? end : escape;
            text.append(new String(bytes, start, segmentEnd - start, current));
            if (escape < 0) {
                break;
            }
            int sequenceLength = escapeLength(bytes, escape, end);
            Charset designated = designated(bytes, escape, sequenceLength);
            if (designated == JIS_X0208) {
                // ISO-2022-JP decodes its own escapes; hand it the segment up to the next escape.
                int next = indexOfEscape(bytes, escape + sequenceLength, end);
                int stop = next < 0 ? end : next;
                text.append(new String(bytes, escape, stop - escape, JIS_X0208));
                start = stop;
                current = primary;
                continue;
            }
            current = designated == null ? current : designated;
            start = escape + sequenceLength;
        }
        return text.toString();
    }

    private static final Charset JIS_X0208 = Charset.forName("ISO-2022-JP");

    private static int indexOfEscape(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0x1B) {
                return i;
            }
        }
        return -1;
    }

    /** ESC followed by intermediate bytes (0x20-0x2F) and one final byte (ISO 2022 §13.1). */
    private static int escapeLength(byte[] bytes, int escape, int end) {
        int i = escape + 1;
        while (i < end && bytes[i] >= 0x20 && bytes[i] <= 0x2F) {
            i++;
        }
        return Math.min(i + 1, end) - escape;
    }

    private Charset designated(byte[] bytes, int escape, int length) {
        String sequence = new String(bytes, escape + 1, length - 1, StandardCharsets.ISO_8859_1);
        return switch (sequence) {
            case "(B", "(J" -> primary;
            case "-A" -> StandardCharsets.ISO_8859_1;
            case "$)A" -> Charset.forName("GB2312");
            case "$)C" -> Charset.forName("EUC-KR");
            case "$B", "$(D" -> JIS_X0208;
            case ")I" -> Charset.forName("JIS_X0201");
            default -> null;
        };
    }

    /** Encodes a value; a character the set cannot represent is an error rather than a silent '?'. */
    byte[] encode(String text, int tag) {
        if (isAscii(text)) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
        if (terms.isEmpty() || terms.size() == 1 && List.of("", "ISO_IR 6").contains(terms.getFirst())) {
            throw new DicomException("non-ASCII text in " + Tag.toString(tag)
                    + " needs a Specific Character Set (0008,0005), e.g. ISO_IR 192");
        }
        if (codeExtensions && gb2312Extension) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {0x1B, '$', ')', 'A'});
            out.writeBytes(strictEncode(Charset.forName("GB2312"), text, tag));
            return out.toByteArray();
        }
        return strictEncode(primary, text, tag);
    }

    private static byte[] strictEncode(Charset charset, String text, int tag) {
        CharsetEncoder encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer buffer = encoder.encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new DicomException("text in " + Tag.toString(tag) + " cannot be encoded in " + charset, e);
        }
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
