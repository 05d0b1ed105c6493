package org.cityhealth.hub.web;

import java.util.List;
import java.util.Optional;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.ledger.EntryProof;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.hub.ledger.LedgerRow;
import org.cityhealth.hub.ledger.Pseudonyms;
import org.cityhealth.hub.ledger.WitnessStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The auditors' pages (role AUDITOR, see the access module's route rules): the state of the ledger and its
 * witnesses, the search over every recorded operation, one entry with its inclusion proof for the browser to check,
 * and who accessed one person's record. Searches and person views are recorded in the ledger themselves: auditors
 * are audited too, and the citizen will see that an auditor looked.
 */
@Controller
class AuditPagesController {

    private final LedgerReader reader;
    private final Ledger ledger;
    private final Pseudonyms pseudonyms;
    private final PersonIndex persons;
    private final AuditRecords records;

    AuditPagesController(LedgerReader reader, Ledger ledger, Pseudonyms pseudonyms, PersonIndex persons, AuditRecords records) {
        this.reader = reader;
        this.ledger = ledger;
        this.pseudonyms = pseudonyms;
        this.persons = persons;
        this.records = records;
    }

    @GetMapping("/audit")
    String audit(@ModelAttribute("filter") AuditFilter filter, Model model,
                 @RequestHeader(name = "HX-Request", required = false) String htmx,
                 @RequestHeader(name = "HX-History-Restore-Request", required = false) String historyRestore) {
        String person = filter.personKey() != null ? pseudonyms.of(filter.personKey()) : filter.personPseudonym();
        List<LedgerRow> rows = filter.personInvalid() ? List.of() : reader.search(filter.query(person));
        boolean more = rows.size() > AuditFilter.PAGE_SIZE;
        if (filter.isFiltered() || filter.beforeValue() != null) {
            recordSearch(filter);
        }
        model.addAttribute("rows", more ? rows.subList(0, AuditFilter.PAGE_SIZE) : rows);
        model.addAttribute("more", more);
        model.addAttribute("actionGroups", AuditFilter.ACTION_GROUPS);
        if (htmx != null && historyRestore == null) {
            return "audit :: results";
        }
        List<WitnessStatus> witnesses = reader.witnesses();
        model.addAttribute("head", reader.head());
        model.addAttribute("selfCheck", reader.lastSelfCheck().orElse(null));
        model.addAttribute("witnesses", witnesses);
        model.addAttribute("quorum", reader.quorum());
        model.addAttribute("healthyWitnesses", witnesses.stream().filter(WitnessStatus::healthy).count());
        model.addAttribute("verifierKey", reader.verifierKey());
        return "audit";
    }

    /** Re-verifies the whole published log; htmx swaps in the result card, a plain form post comes back to the page. */
    @PostMapping("/audit/self-check")
    String selfCheck(Model model, @RequestHeader(name = "HX-Request", required = false) String htmx) {
        model.addAttribute("selfCheck", reader.selfCheck());
        return htmx != null ? "audit :: selfCheck" : "redirect:/audit";
    }

    @GetMapping("/audit/entries/{index}")
    String entry(@PathVariable long index, Model model) {
        Optional<EntryProof> proof = reader.entry(index);
        LedgerEntryView entry = proof.map(records::view).or(() -> records.unpublished(index))
                .orElseThrow(() -> new PageNotFoundException("ledger entry " + index));
        model.addAttribute("entry", entry);
        model.addAttribute("proof", proof.orElse(null));
        model.addAttribute("head", reader.head());
        return "audit-entry";
    }

    /** A person's entries by hub person key, or by pseudonym when followed from a search result (the log has no key). */
    @GetMapping("/audit/persons/{person}")
    String person(@PathVariable String person, @RequestParam(name = "before", required = false) String before, Model model) {
        AuditFilter asFilter = new AuditFilter(null, null, person, null, null, null, before);
        Long personKey = asFilter.personKey();
        String pseudonym = personKey != null ? pseudonyms.of(personKey) : asFilter.personPseudonym();
        if (pseudonym == null || personKey != null && persons.linksOf(personKey).isEmpty()) {
            throw new PageNotFoundException("person " + person);
        }
        List<LedgerEntryView> history = records.history(pseudonym, asFilter.beforeValue(), AuditFilter.PAGE_SIZE);
        boolean more = history.size() > AuditFilter.PAGE_SIZE;
        LedgerEvent viewed = LedgerEvent.permit("ui.audit.person");
        ledger.record(personKey != null ? viewed.person(personKey) : viewed.detail("person", pseudonym));
        model.addAttribute("personKey", personKey);
        model.addAttribute("pseudonym", pseudonym);
        model.addAttribute("accesses", more ? history.subList(0, AuditFilter.PAGE_SIZE) : history);
        model.addAttribute("more", more);
        model.addAttribute("before", asFilter.beforeValue());
        return "audit-person";
    }

    /** The criteria, not the results: the http.get entry of the access filter names only the path, not the query. */
    private void recordSearch(AuditFilter filter) {
        LedgerEvent search = LedgerEvent.permit("ui.audit.search").detail("actor", filter.actorValue()).detail("action", filter.actionValue())
                .detail("decision", filter.decisionValue()).detail("from", filter.fromDate()).detail("to", filter.toDate())
                .detail("before", filter.beforeValue());
        // A person key is pseudonymised by the ledger like every other entry's person; a typed pseudonym already is one.
        // Unreadable text is not copied into the log: it may be a resident ID typed into the wrong field.
        ledger.record(filter.personKey() != null ? search.person(filter.personKey())
                : search.detail("person", filter.personInvalid() ? "unreadable" : filter.personPseudonym()));
    }
}
