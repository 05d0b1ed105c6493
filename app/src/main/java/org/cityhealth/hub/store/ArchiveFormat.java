package org.cityhealth.hub.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The NDJSON inside a cold archive: one line per resource version, its placement fields first and the body last,
 * verbatim, as the value of {@code resource}. Any NDJSON tool reads it; the hub reads the body back as the exact
 * bytes between the start of that value and the line's closing brace, and checks them against the line's SHA-256,
 * so re-serialising (which could reorder keys or re-escape text) never enters. A body that is not a single-line
 * JSON object (none the hub writes) is carried as {@code resourceBase64} instead.
 */
final class ArchiveFormat {

    static final String FORMAT = "cityhealth-cold-archive/1";
    private static final JsonFactory JSON = new JsonFactory();

    private ArchiveFormat() {
    }

    static byte[] write(List<ArchivedRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (ArchivedRecord record : records) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                try (JsonGenerator json = JSON.createGenerator(head)) {
                    json.writeStartObject();
                    json.writeStringField("type", record.type());
                    json.writeStringField("id", record.id());
                    json.writeNumberField("version", record.version());
                    json.writeBooleanField("current", record.current());
                    json.writeBooleanField("deleted", record.deleted());
                    json.writeStringField("lastUpdated", record.lastUpdated().toString());
                    json.writeNumberField("submission", record.submissionId());
                    json.writeStringField("sha256", record.sha256());
                    if (!verbatim(record.body())) {
                        json.writeStringField("resourceBase64", Base64.getEncoder().encodeToString(record.body()));
                    }
                    json.writeEndObject();
                }
                byte[] header = head.toByteArray();
                if (verbatim(record.body())) {
                    out.write(header, 0, header.length - 1);
                    out.write(",\"resource\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(record.body());
                    out.write('}');
                } else {
                    out.write(header);
                }
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads every line back; throws {@link ArchiveDamagedException} naming the first line that does not check out. */
    static List<ArchivedRecord> read(byte[] ndjson) {
        List<ArchivedRecord> records = new ArrayList<>();
        int start = 0;
        int line = 1;
        while (start < ndjson.length) {
            int end = start;
            while (end < ndjson.length && ndjson[end] != '\n') {
                end++;
            }
            if (end == ndjson.length) {
                throw new ArchiveDamagedException("line " + line + " is cut short (no newline at the end of the archive)");
            }
            records.add(readLine(ndjson, start, end, line));
            start = end + 1;
            line++;
        }
        return records;
    }

    private static ArchivedRecord readLine(byte[] data, int start, int end, int line) {
        String type = null;
        String id = null;
        String sha256 = null;
        String lastUpdated = null;
        int version = -1;
        long submission = -1;
        boolean current = false;
        boolean deleted = false;
        byte[] body = null;
        try (JsonParser json = JSON.createParser(data, start, end - start)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new ArchiveDamagedException("line " + line + " is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "type" -> type = json.getText();
                    case "id" -> id = json.getText();
                    case "version" -> version = json.getIntValue();
                    case "current" -> current = json.getBooleanValue();
                    case "deleted" -> deleted = json.getBooleanValue();
                    case "lastUpdated" -> lastUpdated = json.getText();
                    case "submission" -> submission = json.getLongValue();
                    case "sha256" -> sha256 = json.getText();
                    case "resourceBase64" -> body = Base64.getDecoder().decode(json.getText());
                    case "resource" -> {
                        if (value != JsonToken.START_OBJECT) {
                            throw new ArchiveDamagedException("line " + line + ": resource is not an object");
                        }
                        int from = start + (int) json.currentTokenLocation().getByteOffset();
                        json.skipChildren();
                        int to = start + (int) json.currentLocation().getByteOffset();
                        body = java.util.Arrays.copyOfRange(data, from, to);
                    }
                    default -> json.skipChildren();
                }
            }
            // One record per line: anything after the object (a newline damaged into another byte joins two records)
            // would otherwise be silently dropped with the record it held.
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                throw new ArchiveDamagedException("line " + line + " holds more than one JSON object");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ArchiveDamagedException("line " + line + " is not valid: " + e.getMessage());
        }
        if (type == null || id == null || version < 1 || sha256 == null || lastUpdated == null || body == null) {
            throw new ArchiveDamagedException("line " + line + " lacks type, id, version, lastUpdated, sha256 or the resource");
        }
        if (!sha256(body).equals(sha256)) {
            throw new ArchiveDamagedException("line " + line + " (" + type + "/" + id + "/" + version + ") does not match its SHA-256");
        }
        Instant updated;
        try {
            updated = Instant.parse(lastUpdated);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ArchiveDamagedException("line " + line + ": lastUpdated is not an instant");
        }
        return new ArchivedRecord(type, id, version, current, deleted, updated, submission, sha256, body);
    }

    /**
     * The body can be written as it is when it is exactly one JSON object on one line, read by the same parser that
     * {@link #read} finds its end with; anything else (bytes that merely start with '{' and end with '}') goes as base64.
     */
    private static boolean verbatim(byte[] body) {
        if (body.length < 2 || body[0] != '{' || body[body.length - 1] != '}') {
            return false;
        }
        for (byte b : body) {
            if (b == '\n' || b == '\r') {
                return false;
            }
        }
        try (JsonParser json = JSON.createParser(body)) {
            json.nextToken();
            json.skipChildren();
            return json.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
