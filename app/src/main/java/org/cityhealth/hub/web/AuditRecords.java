package org.cityhealth.hub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cityhealth.hub.ledger.EntryProof;
import org.cityhealth.hub.ledger.LedgerQuery;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.hub.ledger.LedgerRow;
import org.springframework.stereotype.Component;

/**
 * Reads ledger entries for the audit pages. The search index holds only who, what and when; organisation, purpose
 * and reason are in the entry itself, which the log serves once a published checkpoint covers it.
 */
@Component
class AuditRecords {

    private final LedgerReader reader;
    private final ObjectMapper mapper;

    AuditRecords(LedgerReader reader, ObjectMapper mapper) {
        this.reader = reader;
        this.mapper = mapper;
    }

    /** A published entry's fields, from its canonical JSON. */
    LedgerEntryView view(EntryProof proof) {
        return view(proof.index(), proof.entry());
    }

    private LedgerEntryView view(long index, String entry) {
        try {
            return LedgerEntryView.of(index, mapper.readTree(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ledger entry " + index + " is not JSON", e);
        }
    }

    /** An entry integrated into the log but not yet published; empty if the log has no entry at {@code index}. */
    Optional<LedgerEntryView> unpublished(long index) {
        // The index orders by idx descending: the first row below index + 1 is the entry itself, if it exists.
        return index < 0 ? Optional.empty() : reader.search(new LedgerQuery(null, null, null, null, null, null, index + 1, 1)).stream()
                .filter(row -> row.index() == index).findFirst().map(LedgerEntryView::unpublished);
    }

    /** One page of a person's entries, newest first, with one entry more than {@code limit} when older ones exist. */
    List<LedgerEntryView> history(String pseudonym, Long before, int limit) {
        List<LedgerRow> rows = reader.search(new LedgerQuery(null, null, pseudonym, null, null, null, before, limit + 1));
        // The list needs the entries' fields, not their proofs: one read of the entries, no proof built per row.
        Map<Long, String> entries = reader.publishedEntries(rows.stream().map(LedgerRow::index).toList());
        return rows.stream().map(row -> entries.containsKey(row.index()) ? view(row.index(), entries.get(row.index()))
                : LedgerEntryView.unpublished(row)).toList();
    }
}
