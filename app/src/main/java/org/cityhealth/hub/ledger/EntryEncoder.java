package org.cityhealth.hub.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.cityhealth.hub.ledger.LedgerEvent.Actor;
import org.cityhealth.hub.ledger.LedgerEvent.Touched;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Turns an event into the bytes of a log entry: RFC 8785 canonical JSON, so that anyone can re-encode a parsed
 * entry and get the same leaf hash. Long resource lists go to an attachment whose SHA-256 the entry carries:
 * an entry bundle holds at most 65,535 bytes per entry (C2SP tlog-tiles).
 */
final class EntryEncoder {

    /** Resources named inline; beyond this the list becomes an attachment. */
    static final int INLINE_RESOURCES = 200;
    static final int VERSION = 1;

    private final ObjectMapper mapper;

    EntryEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    record Encoded(byte[] entry, Attachment attachment) {
    }

    record Attachment(String sha256, byte[] body) {
    }

    Encoded encode(LedgerEvent event, Actor actor, Instant time, String personPseudonym) {
        ObjectNode entry = mapper.createObjectNode();
        entry.put("v", VERSION);
        entry.put("time", time.toString());
        entry.put("actor", actor.name());
        entry.put("role", actor.role());
        putIfPresent(entry, "organisation", actor.organisation());
        entry.put("action", event.action());
        putIfPresent(entry, "purpose", event.purpose());
        putIfPresent(entry, "person", personPseudonym);
        Attachment attachment = null;
        if (!event.resources().isEmpty()) {
            ArrayNode resources = mapper.createArrayNode();
            for (Touched touched : event.resources()) {
                ObjectNode resource = resources.addObject();
                resource.put("ref", touched.ref());
                putIfPresent(resource, "sha256", touched.sha256());
            }
            if (event.resources().size() <= INLINE_RESOURCES) {
                entry.set("resources", resources);
            } else {
                byte[] body = canonical(resources);
                attachment = new Attachment(sha256(body), body);
                ObjectNode list = entry.putObject("resourceList");
                list.put("count", event.resources().size());
                list.put("sha256", attachment.sha256());
            }
        }
        entry.put("decision", event.decision().code());
        putIfPresent(entry, "reason", event.reason());
        putIfPresent(entry, "approval", event.approvalId());
        if (!event.details().isEmpty()) {
            ObjectNode details = entry.putObject("details");
            event.details().forEach(details::put);
        }
        byte[] bytes = canonical(entry);
        if (bytes.length > 65_535) {
            throw new IllegalArgumentException("ledger entry for " + event.action() + " is " + bytes.length
                    + " bytes; an entry bundle holds at most 65,535 bytes per entry");
        }
        return new Encoded(bytes, attachment);
    }

    private byte[] canonical(Object tree) {
        try {
            return new JsonCanonicalizer(mapper.writeValueAsString(tree)).getEncodedUTF8();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot canonicalise a ledger entry", e);
        }
    }

    static String sha256(byte[] bytes) {
        return sha256(List.of(bytes));
    }

    /** The hex SHA-256 of the parts concatenated. */
    static String sha256(List<byte[]> parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            parts.forEach(digest::update);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
