package org.cityhealth.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cityhealth.hub.ledger.LedgerRow;

/**
 * A ledger entry's fields for the audit pages. Read from the entry's canonical JSON when it is published; an entry
 * only integrated so far shows what the search index holds (no organisation, purpose or reason).
 *
 * @param index        position in the log
 * @param published    whether a published checkpoint covers the entry, so a proof exists
 * @param resourceList a long resource list kept as an attachment: its count and SHA-256
 */
record LedgerEntryView(long index, boolean published, Instant time, String actor, String role, String organisation, String action,
                       String purpose, String person, List<Resource> resources, ResourceList resourceList, String decision,
                       String reason, String approval, Map<String, String> details) {

    record Resource(String ref, String sha256) {
    }

    record ResourceList(long count, String sha256) {
    }

    public boolean permitted() {
        return "permit".equals(decision);
    }

    /** The fields of a published entry, tolerant of fields a later entry version may add. */
    static LedgerEntryView of(long index, JsonNode entry) {
        List<Resource> resources = new ArrayList<>();
        entry.path("resources").forEach(r -> resources.add(new Resource(text(r, "ref"), text(r, "sha256"))));
        JsonNode list = entry.path("resourceList");
        Map<String, String> details = new LinkedHashMap<>();
        entry.path("details").properties().forEach(field -> details.put(field.getKey(), field.getValue().asText()));
        return new LedgerEntryView(index, true, instant(text(entry, "time")), text(entry, "actor"), text(entry, "role"),
                text(entry, "organisation"), text(entry, "action"), text(entry, "purpose"), text(entry, "person"), List.copyOf(resources),
                list.isObject() ? new ResourceList(list.path("count").asLong(), text(list, "sha256")) : null, text(entry, "decision"),
                text(entry, "reason"), text(entry, "approval"), details);
    }

    /** An entry integrated into the log but not yet in a published checkpoint: only its indexed columns. */
    static LedgerEntryView unpublished(LedgerRow row) {
        return new LedgerEntryView(row.index(), false, row.recordedAt(), row.actor(), row.role(), null, row.action(), null, row.person(),
                List.of(), null, row.decision(), null, null, Map.of());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
