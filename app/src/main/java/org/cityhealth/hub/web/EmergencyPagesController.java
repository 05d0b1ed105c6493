package org.cityhealth.hub.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Optional;
import org.cityhealth.hub.access.Purpose;
import org.cityhealth.hub.access.Subjects;
import org.cityhealth.hub.clinic.EmergencyAccess;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.identity.ResidentId;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Break-the-glass for emergency doctors: the resident ID (a card reader types it into the focused field) and a
 * mandatory reason give the "health traffic light" at once. Every attempt, refused or not, is on the ledger; every
 * access goes to the hospital privacy officer's review and the citizen's portal.
 */
@Controller
class EmergencyPagesController {

    private final Subjects subjects;
    private final PersonIndex persons;
    private final EmergencyAccess emergency;
    private final Ledger ledger;
    private final MessageSource messages;

    EmergencyPagesController(Subjects subjects, PersonIndex persons, EmergencyAccess emergency, Ledger ledger, MessageSource messages) {
        this.subjects = subjects;
        this.persons = persons;
        this.emergency = emergency;
        this.ledger = ledger;
        this.messages = messages;
    }

    @GetMapping("/clinic/emergency")
    String form() {
        return "emergency";
    }

    @PostMapping("/clinic/emergency")
    String breakTheGlass(@RequestParam(name = "residentId", required = false) String residentId,
                         @RequestParam(name = "reason", required = false) String reason,
                         @RequestParam(name = "reasonText", required = false) String reasonText, Locale locale, Model model,
                         HttpServletResponse response) {
        Labels labels = new Labels(messages, locale);
        response.setHeader("Cache-Control", "no-store");
        String why = join(reason, reasonText);
        model.addAttribute("reason", why);
        Optional<ResidentId> parsed = residentId == null ? Optional.empty() : ResidentId.parse(residentId.strip());
        if (parsed.isEmpty()) {
            ledger.record(LedgerEvent.deny("clinic.emergency", "invalid resident ID").purpose(Purpose.ETREAT.name()));
            model.addAttribute("error", labels.get("emergency.error.invalidId", "invalid resident ID"));
            return "emergency";
        }
        Optional<Long> person = persons.personByResidentId(parsed.get());
        if (person.isEmpty()) {
            ledger.record(LedgerEvent.deny("clinic.emergency", "no person with this resident ID").purpose(Purpose.ETREAT.name())
                    .detail("query", parsed.get().masked()));
            model.addAttribute("error", labels.format("emergency.error.unknown", parsed.get().masked()));
            return "emergency";
        }
        EmergencyAccess.Outcome outcome = emergency.summary(subjects.current(), person.get(), Purpose.ETREAT, why, "page");
        if (outcome instanceof EmergencyAccess.Outcome.Refused refused) {
            model.addAttribute("error", labels.get("emergency.error." + refused.deny().code(), refused.deny().reason()));
            return "emergency";
        }
        EmergencyAccess.Outcome.Shown shown = (EmergencyAccess.Outcome.Shown) outcome;
        model.addAttribute("summary", shown.summary());
        model.addAttribute("masked", parsed.get().masked());
        model.addAttribute("breakGlassId", shown.breakGlassId());
        return "emergency";
    }

    /** A chosen reason and free text, either may be empty; null when both are. */
    private static String join(String chosen, String text) {
        String a = chosen == null ? "" : chosen.strip();
        String b = text == null ? "" : text.strip();
        String joined = a.isEmpty() ? b : b.isEmpty() ? a : a + "：" + b;
        return joined.isEmpty() ? null : joined;
    }
}
