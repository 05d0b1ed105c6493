package org.cityhealth.hub.web;

import java.security.Principal;
import java.util.Locale;
import java.util.Optional;
import org.cityhealth.hub.identity.MergeRefusedException;
import org.cityhealth.hub.identity.MpiEvents;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.identity.PersonMoves;
import org.cityhealth.hub.identity.PersonNotFoundException;
import org.cityhealth.hub.identity.ReviewQueue;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.identity.ResidentId;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The person pages: find a person by resident ID or hub Patient id, browse the most recent ones, and read
 * one person's record across every hospital that sent something about them, with the source patients linked to
 * them, the history of those links, and the unmerge of a patient that is someone else.
 */
@Controller
class PersonPagesController {

    private static final int RECENT = 30;
    /** Events of the person index shown on a person page, newest first. */
    static final int HISTORY = 100;

    private final ImagingSection imagingSection;
    private final PersonIndex persons;
    private final PersonRecordReader reader;
    private final Ledger ledger;
    private final MpiEvents events;
    private final ReviewQueue reviews;
    private final MpiViews views;
    private final MessageSource messages;

    PersonPagesController(PersonIndex persons, PersonRecordReader reader, Ledger ledger, MpiEvents events, ReviewQueue reviews,
                          MpiViews views, MessageSource messages, ImagingSection imagingSection) {
        this.imagingSection = imagingSection;
        this.persons = persons;
        this.reader = reader;
        this.ledger = ledger;
        this.events = events;
        this.reviews = reviews;
        this.views = views;
        this.messages = messages;
    }

    @GetMapping("/persons")
    String persons(@RequestParam(name = "q", required = false) String query, Model model) {
        if (query != null && !query.isBlank()) {
            Optional<Long> found = find(query.strip());
            if (found.isPresent()) {
                return "redirect:/persons/" + found.get();
            }
            // Echo a typed resident ID back only masked: the search box must not put full numbers on screen or in logs.
            model.addAttribute("notFound", shown(query.strip()));
            model.addAttribute("invalidResidentId", looksLikeResidentId(query) && ResidentId.parse(query).isEmpty());
        }
        model.addAttribute("recent", reader.cards(persons.recentPersons(RECENT)));
        model.addAttribute("personCount", persons.personCount());
        return "persons";
    }

    @GetMapping("/persons/{personKey}")
    String person(@PathVariable long personKey, Locale locale, Model model) {
        // A merged person's key stays valid in bookmarks, ledger entries and review pages: it leads to where its records went.
        Optional<Long> survivor = persons.survivorOf(personKey);
        if (survivor.isPresent() && survivor.get() != personKey) {
            return "redirect:/persons/" + survivor.get();
        }
        PersonRecord record = reader.read(personKey, locale).orElseThrow(() -> new PageNotFoundException("person " + personKey));
        // Recorded here, by pseudonym, rather than by the access filter, whose entry would carry the person key in the path.
        ledger.record(LedgerEvent.permit("ui.person.view").person(personKey));
        model.addAttribute("person", record);
        model.addAttribute("maxResources", PersonRecordReader.MAX_RESOURCES);
        model.addAttribute("history", views.history(events.ofPerson(personKey, HISTORY), new Labels(messages, locale)));
        // The imaging list across hospitals with previews and reports, as the doctor workstation shows it.
        imagingSection.addTo(model, record.charts().imaging());
        return "person";
    }

    /**
     * Takes one source patient out of this person (back to the person it came from, or a new one) and keeps the
     * two apart from then on. The outcome, or why it was refused, comes back as a message on the person page.
     */
    @PostMapping("/persons/{personKey}/unmerge")
    String unmerge(@PathVariable long personKey, @RequestParam(name = "patient", required = false) String patient,
                   @RequestParam(name = "reason", required = false) String reason, Principal principal, Locale locale,
                   RedirectAttributes redirect) {
        Labels labels = new Labels(messages, locale);
        if (patient == null || persons.personOf(patient).filter(current -> current == personKey).isEmpty()) {
            redirect.addFlashAttribute("error", labels.format("person.unmerge.error.notLinked", patient == null ? "" : patient));
        } else if (reason == null || reason.isBlank()) {
            redirect.addFlashAttribute("error", labels.get("person.unmerge.error.reason", "reason"));
        } else {
            try {
                long moved = reviews.unmerge(patient, reason.strip(), PersonMoves.Decider.caller(principal.getName()));
                redirect.addFlashAttribute("notice", labels.format("person.unmerge.done", patient, String.valueOf(moved)));
                redirect.addFlashAttribute("noticePerson", moved);
            } catch (MergeRefusedException | PersonNotFoundException | IllegalArgumentException e) {
                redirect.addFlashAttribute("error", labels.format("person.unmerge.error.refused", e.getMessage()));
            }
        }
        return "redirect:/persons/" + personKey;
    }

    /** A resident ID (15 or 18 characters, any valid form), else a hub Patient id. */
    private Optional<Long> find(String query) {
        Optional<ResidentId> residentId = ResidentId.parse(query);
        if (residentId.isPresent()) {
            return persons.personByResidentId(residentId.get());
        }
        // Operators paste references as they see them in FHIR responses: "Patient/abc" means the id "abc".
        return persons.personOf(query.startsWith("Patient/") ? query.substring("Patient/".length()) : query);
    }

    private static String shown(String query) {
        Optional<ResidentId> residentId = ResidentId.parse(query);
        if (residentId.isPresent()) {
            return residentId.get().masked();
        }
        return looksLikeResidentId(query) ? query.substring(0, 4) + "*".repeat(query.length() - 8) + query.substring(query.length() - 4) : query;
    }

    private static boolean looksLikeResidentId(String query) {
        String candidate = query.strip();
        return (candidate.length() == 18 || candidate.length() == 15) && candidate.chars().limit(14).allMatch(Character::isDigit);
    }
}
