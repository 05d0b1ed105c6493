package org.cityhealth.hub.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.cityhealth.hub.access.BreakGlassLog;
import org.cityhealth.hub.access.Subject;
import org.cityhealth.hub.access.Purpose;
import org.cityhealth.hub.access.Subjects;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The hospital privacy officer's review of break-the-glass: their hospital's accesses, pending first, with the
 * reason, what was viewed and whether the use was unusual; each is marked justified or not (with a note).
 */
@Controller
class PrivacyPagesController {

    private static final int SHOWN = 200;

    private final Subjects subjects;
    private final BreakGlassLog breakGlass;
    private final MessageSource messages;
    private final Ledger ledger;

    PrivacyPagesController(Subjects subjects, BreakGlassLog breakGlass, MessageSource messages, Ledger ledger) {
        this.ledger = ledger;
        this.subjects = subjects;
        this.breakGlass = breakGlass;
        this.messages = messages;
    }

    @GetMapping("/privacy")
    String reviews(Model model) {
        Subject officer = subjects.current();
        List<BreakGlassLog.Entry> entries = officer.organization() == null ? List.of() : breakGlass.forOrganization(officer.organization(), SHOWN);
        Instant monthAgo = Instant.now().minus(Duration.ofDays(30));
        ledger.record(LedgerEvent.permit("privacy.break-glass.list").purpose(Purpose.HPRGRP.name()).detail("entries", entries.size()));
        model.addAttribute("officer", officer);
        model.addAttribute("entries", entries);
        model.addAttribute("pending", entries.stream().filter(e -> e.review() == BreakGlassLog.Review.PENDING).count());
        model.addAttribute("unusual", entries.stream().filter(BreakGlassLog.Entry::unusual).count());
        model.addAttribute("unjustified", entries.stream().filter(e -> e.review() == BreakGlassLog.Review.UNJUSTIFIED).count());
        model.addAttribute("lastMonth", entries.stream().filter(e -> e.accessedAt().isAfter(monthAgo)).count());
        return "privacy";
    }

    @PostMapping("/privacy/break-glass/{id}")
    String review(@PathVariable long id, @RequestParam(name = "verdict", required = false) String verdict,
                  @RequestParam(name = "note", required = false) String note, Locale locale, RedirectAttributes redirect) {
        Labels labels = new Labels(messages, locale);
        if (!"justified".equals(verdict) && !"unjustified".equals(verdict)) {
            redirect.addFlashAttribute("error", labels.get("privacy.error.verdict", "choose justified or not justified"));
        } else {
            try {
                breakGlass.review(id, subjects.current(), "justified".equals(verdict), note);
                redirect.addFlashAttribute("notice", labels.get("privacy.reviewed", "reviewed"));
            } catch (IllegalArgumentException e) {
                redirect.addFlashAttribute("error", e.getMessage());
            }
        }
        return "redirect:/privacy";
    }
}
