package org.cityhealth.hub.web;

import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.cityhealth.hub.access.AccountService;
import org.cityhealth.hub.ledger.EntryProof;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.hub.ledger.Pseudonyms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The citizen's side of the ledger: "who accessed my record", each entry with its inclusion proof, verifiable in the
 * browser. A citizen sees only the entries that name their own person; another person's entry is a 404, not a 403,
 * so that the portal does not tell which entries concern someone else.
 */
@Controller
class CitizenPagesController {

    private final AccountService accounts;
    private final Pseudonyms pseudonyms;
    private final AuditRecords records;
    private final LedgerReader reader;
    private final Ledger ledger;

    CitizenPagesController(AccountService accounts, Pseudonyms pseudonyms, AuditRecords records, LedgerReader reader, Ledger ledger) {
        this.accounts = accounts;
        this.pseudonyms = pseudonyms;
        this.records = records;
        this.reader = reader;
        this.ledger = ledger;
    }

    @GetMapping("/my/access")
    String myAccess(Principal principal, @RequestParam(name = "before", required = false) Long before, Model model) {
        long personKey = personOf(principal);
        List<LedgerEntryView> history = records.history(pseudonyms.of(personKey), before, AuditFilter.PAGE_SIZE);
        boolean more = history.size() > AuditFilter.PAGE_SIZE;
        ledger.record(LedgerEvent.permit("ui.citizen.access").person(personKey));
        model.addAttribute("accesses", more ? history.subList(0, AuditFilter.PAGE_SIZE) : history);
        model.addAttribute("more", more);
        model.addAttribute("before", before);
        return "my-access";
    }

    @GetMapping("/my/access/entries/{index}")
    String myEntry(Principal principal, @PathVariable long index, Model model) {
        String mine = pseudonyms.of(personOf(principal));
        Optional<EntryProof> proof = reader.entry(index);
        LedgerEntryView entry = proof.map(records::view).or(() -> records.unpublished(index))
                .filter(view -> mine.equals(view.person()))
                .orElseThrow(() -> new PageNotFoundException("ledger entry " + index));
        model.addAttribute("entry", entry);
        model.addAttribute("proof", proof.orElse(null));
        model.addAttribute("head", reader.head());
        model.addAttribute("nav", "my");
        model.addAttribute("backUrl", "/my/access");
        return "audit-entry";
    }

    private long personOf(Principal principal) {
        return accounts.personOf(principal.getName())
                .orElseThrow(() -> new PageNotFoundException("no person is linked to account " + principal.getName()));
    }
}
