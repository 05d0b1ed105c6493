package org.cityhealth.hub.imaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/related} body (RFC 2387, framed as RFC 2046 §5.1.1) one part at a time, as STOW-RS sends
 * it. Written here because the multipart support on the classpath (Spring's, the servlet container's) handles
 * {@code multipart/form-data} only; STOW-RS parts carry no Content-Disposition. A part is held in memory while it
 * is read (the vault needs its bytes whole and limits them anyway); the body as a whole is never buffered.
 */
final class MultipartRelated {

    /** A body that does not follow the multipart framing; STOW-RS answers 400. */
    static final class MalformedException extends RuntimeException {
        MalformedException(String message) {
            super(message);
        }
    }

    /** One part: its headers (names in lower case) and its bytes. */
    record Part(Map<String, String> headers, byte[] body) {
        String contentType() {
            return headers.get("content-type");
        }
    }

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_BOUNDARY = 200;

    private final InputStream in;
    private final byte[] delimiter;
    private final long maxPartBytes;
    private final byte[] buffer;
    private int start;
    private int end;
    private boolean eof;
    private boolean finished;

    /**
     * @param body         the request body
     * @param boundary     the boundary parameter of the Content-Type
     * @param maxPartBytes a larger part fails the whole body (its bytes would be dropped anyway)
     */
    MultipartRelated(InputStream body, String boundary, long maxPartBytes) throws IOException {
        // RFC 2046 allows 70 characters; Orthanc sends two UUIDs (73), so only absurd lengths are refused.
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new MalformedException("the Content-Type has no valid boundary parameter");
        }
        // The delimiter is CRLF "--" boundary; a CRLF put in front lets the first one (at the very start) match too.
        this.in = new SequenceInputStream(new ByteArrayInputStream(new byte[] {'\r', '\n'}), body);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.maxPartBytes = maxPartBytes;
        this.buffer = new byte[Math.max(BUFFER, delimiter.length * 2)];
        skipPreamble();
    }

    /** The next part, or null after the close delimiter. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        Map<String, String> headers = headers();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        readUntilDelimiter(body, maxPartBytes);
        afterDelimiter();
        return new Part(headers, body.toByteArray());
    }

    /** The value of a parameter of a header value ({@code type}, {@code boundary}), unquoted; null when absent. */
    static String parameter(String headerValue, String name) {
        if (headerValue == null) {
            return null;
        }
        String[] pieces = headerValue.split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        for (int i = 1; i < pieces.length; i++) {
            String[] pair = pieces[i].split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase(name)) {
                String value = pair[1].strip();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    /** The media type of a header value, lower case, without parameters. */
    static String mediaType(String headerValue) {
        return headerValue == null ? "" : headerValue.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private void skipPreamble() throws IOException {
        readUntilDelimiter(null, Long.MAX_VALUE);
        afterDelimiter();
    }

    /** After a delimiter: "--" closes the body; else optional padding and the CRLF that ends the boundary line. */
    private void afterDelimiter() throws IOException {
        if (!fill(2)) {
            throw new MalformedException("the body ends right after a boundary, without the closing boundary");
        }
        if (buffer[start] == '-' && buffer[start + 1] == '-') {
            finished = true;
            return;
        }
        while (true) {
            if (!fill(1)) {
                throw new MalformedException("the body ends inside a boundary line");
            }
            byte b = buffer[start++];
            if (b == '\n') {
                return;
            }
            if (b != ' ' && b != '\t' && b != '\r') {
                throw new MalformedException("unexpected characters after a boundary");
            }
        }
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            if (!fill(1)) {
                throw new MalformedException("the body ends inside the headers of a part");
            }
            byte b = buffer[start++];
            if (++total > MAX_HEADER_BYTES) {
                throw new MalformedException("the headers of a part are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
            line.reset();
            if (text.isEmpty()) {
                return headers;
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new MalformedException("a part header without a colon: " + abbreviate(text));
            }
            headers.put(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), text.substring(colon + 1).strip());
        }
    }

    /** Copies bytes up to the next delimiter into {@code out} (null: drop them) and consumes the delimiter. */
    private void readUntilDelimiter(ByteArrayOutputStream out, long max) throws IOException {
        long copied = 0;
        while (true) {
            int found = indexOfDelimiter();
            if (found >= 0) {
                copied += found - start;
                if (copied > max) {
                    throw new MalformedException("a part is larger than " + max + " bytes");
                }
                if (out != null) {
                    out.write(buffer, start, found - start);
                }
                start = found + delimiter.length;
                return;
            }
            if (eof) {
                throw new MalformedException("the body ends before the closing boundary");
            }
            // What cannot start a delimiter any more is body; the tail stays for the next search.
            int safe = Math.max(start, end - delimiter.length + 1);
            copied += safe - start;
            if (copied > max) {
                throw new MalformedException("a part is larger than " + max + " bytes");
            }
            if (out != null) {
                out.write(buffer, start, safe - start);
            }
            start = safe;
            read();
        }
    }

    private int indexOfDelimiter() {
        byte first = delimiter[0];
        outer:
        for (int i = start; i <= end - delimiter.length; i++) {
            if (buffer[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Makes at least {@code count} bytes available; false at the end of the body. */
    private boolean fill(int count) throws IOException {
        while (end - start < count) {
            if (eof) {
                return false;
            }
            read();
        }
        return true;
    }

    private void read() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            eof = true;
        } else {
            end += read;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }
}
