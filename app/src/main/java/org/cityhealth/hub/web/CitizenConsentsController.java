package org.cityhealth.hub.web;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.cityhealth.hub.access.AccountService;
import org.cityhealth.hub.access.ConsentNotFoundException;
import org.cityhealth.hub.access.ConsentRecord;
import org.cityhealth.hub.access.Consents;
import org.cityhealth.hub.access.Sensitivity;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The citizen's consents: all of them with their state, a grant form, revoke (effective at once: every clinical read asks
 * the consents afresh), and approving a doctor's request. A refused form comes back as typed with what to correct, and
 * nothing is stored; a consent id that is not the citizen's is "not found", whoever's it is. The consent service puts
 * every change on the ledger; this page records that the citizen read the list.
 */
@Controller
class CitizenConsentsController {

    private final AccountService accounts;
    private final Consents consents;
    private final SourceRegistry sources;
    private final Ledger ledger;
    private final MessageSource messages;

    CitizenConsentsController(AccountService accounts, Consents consents, SourceRegistry sources, Ledger ledger, MessageSource messages) {
        this.accounts = accounts;
        this.consents = consents;
        this.sources = sources;
        this.ledger = ledger;
        this.messages = messages;
    }

    @GetMapping("/my/consents")
    String consents(Principal principal, Locale locale, Model model) {
        return page(CitizenPortalController.personOf(accounts, principal), ConsentForm.initial(CitizenPortalController.today()), locale, model);
    }

    @PostMapping("/my/consents")
    String grant(Principal principal, @ModelAttribute ConsentForm form, Locale locale, Model model, HttpServletResponse response,
                 RedirectAttributes redirect) {
        long personKey = CitizenPortalController.personOf(accounts, principal);
        Labels labels = new Labels(messages, locale);
        try {
            ConsentRecord granted = consents.grant(personKey, form.grant(sources, accounts, Instant.now()), ConsentRecord.Origin.PORTAL,
                    principal.getName());
            redirect.addFlashAttribute("notice", labels.format("portal.grant.done", granted.granteeName()));
            return "redirect:/my/consents";
        } catch (ConsentForm.Invalid e) {
            model.addAttribute("grantError", true);
            return refused(personKey, form, labels.get(e.key(), e.key()), HttpServletResponse.SC_BAD_REQUEST, response, locale, model);
        }
    }

    @PostMapping("/my/consents/{id}/revoke")
    String revoke(Principal principal, @PathVariable long id, Locale locale, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        long personKey = CitizenPortalController.personOf(accounts, principal);
        Labels labels = new Labels(messages, locale);
        try {
            ConsentRecord before = mine(personKey, id);
            ConsentRecord revoked = consents.revoke(personKey, id, principal.getName());
            // Revoking a doctor's request declines it; the citizen reads that word, not "revoked".
            String key = before.status() == ConsentRecord.Status.PROPOSED ? "portal.decline.done" : "portal.revoke.done";
            redirect.addFlashAttribute("notice", labels.format(key, revoked.granteeName()));
            return "redirect:/my/consents";
        } catch (ConsentNotFoundException e) {
            return notFound(personKey, labels, response, locale, model);
        }
    }

    @PostMapping("/my/consents/{id}/approve")
    String approve(Principal principal, @PathVariable long id, @RequestParam(name = "to", required = false) String to,
                   @RequestParam(name = "until", required = false) String until, Locale locale, Model model,
                   HttpServletResponse response, RedirectAttributes redirect) {
        long personKey = CitizenPortalController.personOf(accounts, principal);
        Labels labels = new Labels(messages, locale);
        try {
            ConsentRecord approved = consents.approve(personKey, id, ConsentForm.approvalEnd(to, until, Instant.now()), principal.getName());
            redirect.addFlashAttribute("notice", labels.format("portal.approve.done", approved.granteeName()));
            return "redirect:/my/consents";
        } catch (ConsentForm.Invalid e) {
            return refused(personKey, ConsentForm.initial(CitizenPortalController.today()), labels.get(e.key(), e.key()),
                    HttpServletResponse.SC_BAD_REQUEST, response, locale, model);
        } catch (ConsentNotFoundException e) {
            return notFound(personKey, labels, response, locale, model);
        }
    }

    /** The consent if it is this citizen's; the same answer for someone else's and for none. */
    private ConsentRecord mine(long personKey, long id) {
        return consents.find(id).filter(consent -> consent.personKey() == personKey).orElseThrow(() -> new ConsentNotFoundException(id));
    }

    private String notFound(long personKey, Labels labels, HttpServletResponse response, Locale locale, Model model) {
        return refused(personKey, ConsentForm.initial(CitizenPortalController.today()), labels.get("portal.consent.error.notFound", "not found"),
                HttpServletResponse.SC_NOT_FOUND, response, locale, model);
    }

    private String refused(long personKey, ConsentForm form, String error, int status, HttpServletResponse response, Locale locale,
                           Model model) {
        response.setStatus(status);
        model.addAttribute("error", error);
        return page(personKey, form, locale, model);
    }

    private String page(long personKey, ConsentForm form, Locale locale, Model model) {
        Labels labels = new Labels(messages, locale);
        Instant now = Instant.now();
        List<ConsentView> all = consents.of(personKey).stream().map(consent -> ConsentView.of(consent, now, labels)).toList();
        ledger.record(CitizenPortalController.read(personKey, "consents").detail("consents", all.size()));
        model.addAttribute("consents", all);
        model.addAttribute("requests", all.stream().filter(view -> view.state() == ConsentView.State.PROPOSED).toList());
        model.addAttribute("form", form);
        model.addAttribute("hospitals", sources.all().stream().sorted(Comparator.comparing(Source::code)).toList());
        model.addAttribute("categories", DataCategory.values());
        model.addAttribute("sensitivities", Sensitivity.values());
        model.addAttribute("today", CitizenPortalController.today());
        model.addAttribute("approveUntil", CitizenPortalController.today().plusDays(ConsentForm.DEFAULT_DAYS));
        return "my-consents";
    }
}
