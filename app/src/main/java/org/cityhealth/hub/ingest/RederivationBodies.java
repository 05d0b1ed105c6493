package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.ingest.Rederivation.Candidate;
import org.cityhealth.hub.ingest.Rederivation.Wanted;

/**
 * Builds a candidate's body as {@code WritePlanner.plan} serialises it, and keeps it only when it hashes to the wanted
 * SHA-256. {@code plan} cannot be called for this: it links patients to persons and reads versions from the store, so
 * the part that makes the bytes (id, meta, serialisation, the tombstone) is restated here.
 *
 * <p>The write instant is the one thing the store may not give back exactly: {@code meta.lastUpdated} is
 * {@code Instant.now().toString()}, to the nanosecond on Linux, while the {@code last_updated} column keeps
 * microseconds (H2 and PostgreSQL both round). The vault's response of a transaction or batch carries the exact
 * instant ({@code lastModified}); for NDJSON it is searched for, within a microsecond either side of the column's
 * value: the body is serialised once around a placeholder and only the instant and what follows it are hashed per
 * try. A chunk of NDJSON lines shares one instant, so once found it is tried first for the chunk's other versions.
 */
final class RederivationBodies {

    /** Stands in for meta.lastUpdated; ASCII that JSON does not escape, like every {@code Instant.toString()}. */
    private static final byte[] PLACEHOLDER = ("rederivation-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
    /** Rounding to microseconds moves an instant by less than this many nanoseconds either way (truncation too). */
    private static final int SUB_MICROSECOND = 999;

    private RederivationBodies() {
    }

    static Map<String, byte[]> matching(FhirJson json, String metaSource, Map<String, List<Candidate>> candidates, List<Wanted> wanted) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        Map<Instant, Instant> writeInstants = new HashMap<>();
        for (Wanted version : wanted) {
            byte[] expected = digest(version.sha256());
            if (expected == null) {
                continue;
            }
            for (Candidate candidate : candidates.getOrDefault(version.resource(), List.of())) {
                byte[] body = candidate.delete() ? tombstone(candidate, expected) : body(json, metaSource, candidate, version, expected, writeInstants);
                if (body != null) {
                    bodies.put(version.key(), body);
                    break;
                }
            }
        }
        return bodies;
    }

    /** As WritePlanner.plan's tombstone (there through the default charset, UTF-8 since Java 18; types and hub ids are ASCII). */
    private static byte[] tombstone(Candidate candidate, byte[] expected) {
        byte[] body = ("{\"resourceType\":\"" + candidate.type() + "\",\"id\":\"" + candidate.hubId() + "\"}").getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(Rederivation.sha256().digest(body), expected) ? body : null;
    }

    private static byte[] body(FhirJson json, String metaSource, Candidate candidate, Wanted version, byte[] expected,
                               Map<Instant, Instant> writeInstants) {
        ObjectNode resource = candidate.resource().deepCopy();
        resource.put("id", candidate.hubId());
        @SuppressWarnings("deprecation") // the call WritePlanner.plan makes, so that meta lands where it put it
        ObjectNode meta = resource.with("meta");
        meta.put("versionId", Integer.toString(version.version()));
        meta.put("lastUpdated", new String(PLACEHOLDER, StandardCharsets.US_ASCII));
        meta.put("source", metaSource);
        byte[] template;
        try {
            template = json.mapper().writeValueAsBytes(resource);
        } catch (JsonProcessingException e) {
            return null;
        }
        int at = indexOf(template, PLACEHOLDER, 0);
        if (at < 0 || indexOf(template, PLACEHOLDER, at + 1) >= 0) {
            return null;
        }
        MessageDigest prefix = Rederivation.sha256();
        prefix.update(template, 0, at);
        Instant stored = version.lastUpdated();
        Set<Instant> exact = new LinkedHashSet<>();
        if (candidate.written() != null) {
            exact.add(candidate.written());
        }
        if (stored != null && writeInstants.containsKey(stored)) {
            exact.add(writeInstants.get(stored));
        }
        if (stored != null) {
            exact.add(stored);
        }
        for (Instant instant : exact) {
            byte[] body = attempt(prefix, template, at, instant, expected);
            if (body != null) {
                if (stored != null) {
                    writeInstants.put(stored, instant);
                }
                return body;
            }
        }
        if (stored == null || stored.getNano() % 1000 != 0) {
            return null;
        }
        for (int nanos = 1; nanos <= SUB_MICROSECOND; nanos++) {
            for (Instant instant : new Instant[] {stored.plusNanos(nanos), stored.minusNanos(nanos)}) {
                byte[] body = attempt(prefix, template, at, instant, expected);
                if (body != null) {
                    writeInstants.put(stored, instant);
                    return body;
                }
            }
        }
        return null;
    }

    /** The body with {@code instant} in place of the placeholder, when it hashes to {@code expected}. */
    private static byte[] attempt(MessageDigest prefix, byte[] template, int at, Instant instant, byte[] expected) {
        byte[] text = instant.toString().getBytes(StandardCharsets.US_ASCII);
        int rest = at + PLACEHOLDER.length;
        MessageDigest digest;
        try {
            digest = (MessageDigest) prefix.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        digest.update(text);
        digest.update(template, rest, template.length - rest);
        if (!MessageDigest.isEqual(digest.digest(), expected)) {
            return null;
        }
        byte[] body = Arrays.copyOf(template, template.length - PLACEHOLDER.length + text.length);
        System.arraycopy(text, 0, body, at, text.length);
        System.arraycopy(template, rest, body, at + text.length, template.length - rest);
        return body;
    }

    private static byte[] digest(String sha256) {
        if (sha256 == null || sha256.length() != 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(sha256);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        outer:
        for (int i = from; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
