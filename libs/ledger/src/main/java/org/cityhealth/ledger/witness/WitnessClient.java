package org.cityhealth.ledger.witness;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cityhealth.ledger.note.NoteException;
import org.cityhealth.ledger.note.NoteSignature;

/**
 * Submits checkpoints to one c2sp.org/tlog-witness over HTTP. Never throws for HTTP or
 * network errors: every outcome is an {@link AddResult}. Thread-safe.
 */
public final class WitnessClient {

    /** Largest response read; a valid one is a few signature lines. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final int MAX_MESSAGE_CHARS = 500;

    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param submissionPrefix the witness's submission prefix, e.g. {@code https://w.example/}
     *     ({@code add-checkpoint} is appended)
     * @param http the client to send with (shared, for keep-alive)
     * @param timeout until the response headers arrive
     * @throws IllegalArgumentException if the prefix is not an absolute http or https URI
     */
    public WitnessClient(URI submissionPrefix, HttpClient http, Duration timeout) {
        Objects.requireNonNull(submissionPrefix, "submissionPrefix is null");
        String scheme = submissionPrefix.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || submissionPrefix.getHost() == null) {
            throw new IllegalArgumentException("witness submission prefix must be an http(s) URL with a host");
        }
        String prefix = submissionPrefix.toString();
        this.endpoint = URI.create((prefix.endsWith("/") ? prefix : prefix + "/") + "add-checkpoint");
        this.http = Objects.requireNonNull(http, "http is null");
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
    }

    /**
     * The add-checkpoint request body: {@code "old <size>\n"}, the proof hashes in base64 one
     * per line, an empty line, the signed checkpoint.
     *
     * @param oldSize the size the witness last cosigned (0 if none), the start of the proof
     * @param consistencyProof RFC 9162 consistency proof from {@code oldSize} to the checkpoint
     *     size (empty if {@code oldSize} is 0 or equals the checkpoint size); at most 63 hashes
     * @param signedCheckpoint the log-signed checkpoint note
     * @throws IllegalArgumentException if the parts cannot form a valid request
     */
    public static byte[] formatRequest(long oldSize, List<byte[]> consistencyProof, String signedCheckpoint) {
        return AddCheckpointRequest.format(oldSize, consistencyProof, signedCheckpoint);
    }

    /**
     * Asks the witness to cosign {@code signedCheckpoint}.
     *
     * @throws IllegalArgumentException if the parts cannot form a valid request (see
     *     {@link #formatRequest})
     */
    public AddResult addCheckpoint(long oldSize, List<byte[]> consistencyProof, String signedCheckpoint) {
        byte[] body = formatRequest(oldSize, consistencyProof, signedCheckpoint);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<InputStream> response;
        byte[] responseBody;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                responseBody = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
        } catch (IOException e) {
            return new AddResult.Unreachable(endpoint + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AddResult.Unreachable(endpoint + ": interrupted");
        }
        if (responseBody.length > MAX_RESPONSE_BYTES) {
            return new AddResult.Refused(response.statusCode(),
                    "response is larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
        String text = decode(responseBody);
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (status == 200) {
            return cosigned(text);
        }
        if (status == 409 && isSizeType(contentType) && text != null) {
            Long size = parseSizeBody(text);
            if (size != null) {
                return new AddResult.Conflict(size);
            }
            return new AddResult.Refused(status, "409 with an unreadable size body");
        }
        return new AddResult.Refused(status, text == null ? "(body is not UTF-8)" : clean(text));
    }

    private static AddResult cosigned(String text) {
        if (text == null || text.isEmpty() || !text.endsWith("\n")) {
            return new AddResult.Refused(200, "cosignature response is empty or does not end with a newline");
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            try {
                lines.add(NoteSignature.parseLine(line).line());
            } catch (NoteException e) {
                return new AddResult.Refused(200, "malformed cosignature line: " + e.getMessage());
            }
        }
        return new AddResult.Cosigned(lines);
    }

    private static boolean isSizeType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.equalsIgnoreCase("text/x.tlog.size");
    }

    private static Long parseSizeBody(String text) {
        if (!text.endsWith("\n")) {
            return null;
        }
        String digits = text.substring(0, text.length() - 1);
        if (digits.isEmpty() || digits.length() > 19 || (digits.length() > 1 && digits.charAt(0) == '0')
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String decode(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A witness's message for logs: control characters replaced, shortened. */
    private static String clean(String text) {
        String single = text.strip().replaceAll("\\p{Cntrl}", " ");
        return single.length() <= MAX_MESSAGE_CHARS ? single : single.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    @Override
    public String toString() {
        return "WitnessClient[" + endpoint + "]";
    }
}
