package org.cityhealth.hub.web;

import java.util.Locale;
import java.util.Optional;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.identity.ResidentId;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The person pages: find a person by resident ID or hub Patient id, browse the most recent ones, and read
 * one person's record across every hospital that sent something about them.
 */
@Controller
class PersonPagesController {

    private static final int RECENT = 30;

    private final PersonIndex persons;
    private final PersonRecordReader reader;

    private final Ledger ledger;

    PersonPagesController(PersonIndex persons, PersonRecordReader reader, Ledger ledger) {
        this.persons = persons;
        this.reader = reader;
        this.ledger = ledger;
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
        PersonRecord record = reader.read(personKey, locale).orElseThrow(() -> new PageNotFoundException("person " + personKey));
        // Recorded here, by pseudonym, rather than by the access filter, whose entry would carry the person key in the path.
        ledger.record(LedgerEvent.permit("ui.person.view").person(personKey));
        model.addAttribute("person", record);
        model.addAttribute("maxResources", PersonRecordReader.MAX_RESOURCES);
        return "person";
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
