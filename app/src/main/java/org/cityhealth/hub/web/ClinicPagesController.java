package org.cityhealth.hub.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cityhealth.hub.access.ConsentRecord;
import org.cityhealth.hub.access.Consents;
import org.cityhealth.hub.access.Decision;
import org.cityhealth.hub.access.PolicyDecisionPoint;
import org.cityhealth.hub.access.Purpose;
import org.cityhealth.hub.access.Subject;
import org.cityhealth.hub.access.Subjects;
import org.cityhealth.hub.access.Visibility;
import org.cityhealth.hub.access.VisitCodes;
import org.cityhealth.hub.identity.PatientMatching;
import org.cityhealth.hub.identity.PersonIndex;
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
 * The doctor workstation: find a patient by resident ID or by name and birth date, see their cross-hospital record as
 * far as the policy decision point permits (own hospital, consents, in-visit code), and where it does not, a clear
 * "consent needed" state with a request to the patient and the in-visit code box.
 */
@Controller
class ClinicPagesController {

    private final Subjects subjects;
    private final PolicyDecisionPoint pdp;
    private final PersonIndex persons;
    private final PatientMatching matching;
    private final PersonRecordReader reader;
    private final Consents consents;
    private final VisitCodes visitCodes;
    private final Ledger ledger;
    private final MessageSource messages;
    private final ImagingSection imagingSection;

    ClinicPagesController(Subjects subjects, PolicyDecisionPoint pdp, PersonIndex persons, PatientMatching matching, PersonRecordReader reader,
                          Consents consents, VisitCodes visitCodes, Ledger ledger, MessageSource messages,
                          ImagingSection imagingSection) {
        this.imagingSection = imagingSection;
        this.subjects = subjects;
        this.pdp = pdp;
        this.persons = persons;
        this.matching = matching;
        this.reader = reader;
        this.consents = consents;
        this.visitCodes = visitCodes;
        this.ledger = ledger;
        this.messages = messages;
    }

    /** A candidate of a name and birth date search, with the person index's match score. */
    record Candidate(long personKey, PersonCard card, double score, String grade) {
    }

    @GetMapping("/clinic")
    String workstation(@RequestParam(name = "q", required = false) String residentId, @RequestParam(name = "name", required = false) String name,
                       @RequestParam(name = "birthDate", required = false) String birthDate, Locale locale, Model model) {
        Labels labels = new Labels(messages, locale);
        Subject doctor = subjects.current();
        if (residentId != null && !residentId.isBlank()) {
            Optional<ResidentId> parsed = ResidentId.parse(residentId.strip());
            if (parsed.isEmpty()) {
                model.addAttribute("error", labels.get("clinic.search.invalidId", "invalid"));
            } else {
                Optional<Long> person = persons.personByResidentId(parsed.get());
                if (person.isPresent()) {
                    return "redirect:/clinic/patients/" + person.get();
                }
                ledger.record(LedgerEvent.deny("clinic.search", "no person with this resident ID").detail("query", parsed.get().masked()));
                model.addAttribute("error", labels.format("clinic.search.notFound", parsed.get().masked()));
            }
        } else if (name != null && !name.isBlank()) {
            model.addAttribute("candidates", candidates(name.strip(), birthDate, labels, model));
        }
        model.addAttribute("granted", consents.grantedTo(doctor));
        model.addAttribute("doctor", doctor);
        return "clinic";
    }

    @GetMapping("/clinic/patients/{personKey}")
    String patient(@PathVariable long personKey, Locale locale, Model model) {
        Optional<Long> survivor = persons.survivorOf(personKey);
        if (survivor.isPresent() && survivor.get() != personKey) {
            return "redirect:/clinic/patients/" + survivor.get();
        }
        if (persons.linksOf(personKey).isEmpty()) {
            throw new PageNotFoundException("person " + personKey);
        }
        Subject doctor = subjects.current();
        Decision decision = pdp.decidePerson(doctor, personKey, Purpose.TREAT, null);
        model.addAttribute("personKey", personKey);
        model.addAttribute("doctor", doctor);
        model.addAttribute("pending", consents.of(personKey).stream()
                .filter(c -> c.status() == ConsentRecord.Status.PROPOSED && c.covers(doctor)).findFirst().orElse(null));
        var record = decision instanceof Decision.Permit permit
                ? reader.read(personKey, locale, permit.visibility()::allows).filter(r -> r.resourceCount() > 0 || permit.visibility().crossHospital())
                : Optional.<PersonRecord>empty();
        if (record.isPresent()) {
            Decision.Permit permit = (Decision.Permit) decision;
            ledger.record(LedgerEvent.permit("clinic.record.view").person(personKey).purpose(permit.purpose().name()).because(permit.reason())
                    .detail("resources", record.get().resourceCount()));
            model.addAttribute("person", record.get());
            model.addAttribute("basis", basis(permit.visibility(), new Labels(messages, locale)));
            model.addAttribute("crossHospital", permit.visibility().crossHospital());
            model.addAttribute("maxResources", PersonRecordReader.MAX_RESOURCES);
            ClinicalCharts.Charts charts = record.get().charts();
            model.addAttribute("trends", charts.trends());
            model.addAttribute("trendsJson", ClinicalCharts.json(charts.trends()));
            imagingSection.addTo(model, charts.imaging());
        } else {
            // Refused, or permitted only for the doctor's own hospital, which holds nothing of this patient.
            Labels labels = new Labels(messages, locale);
            model.addAttribute("denied", decision instanceof Decision.Deny deny ? labels.get("access.deny." + deny.code(), deny.reason())
                    : labels.get("clinic.consent.nothingOwn", "your hospital holds no records of this patient"));
            model.addAttribute("card", reader.cards(List.of(personKey)).stream().findFirst().orElse(null));
        }
        return "clinic-patient";
    }

    /**
     * What opened the record, in the reader's language: the ledger keeps the decision's own (English) reason, the page
     * names the same grounds from the visibility ("本院记录；患者授权 #12").
     */
    private static String basis(Visibility visibility, Labels labels) {
        List<String> grounds = new ArrayList<>();
        if (!visibility.ownSources().isEmpty()) {
            grounds.add(labels.get("clinic.basis.own", "own hospital's records"));
        }
        for (Visibility.Grant grant : visibility.grants()) {
            Visibility.Basis basis = grant.basis();
            grounds.add(switch (basis.kind()) {
                case CONSENT -> labels.format("clinic.basis.consent", Long.toString(basis.consentId()));
                case VISIT_CODE -> labels.get("clinic.basis.visit-code", basis.describe());
                case BREAK_THE_GLASS -> labels.get("clinic.basis.break-the-glass", basis.describe());
            });
        }
        return String.join(labels.get("clinic.basis.separator", "; "), grounds);
    }

    @PostMapping("/clinic/patients/{personKey}/consent-request")
    String requestConsent(@PathVariable long personKey, @RequestParam(name = "reason", required = false) String reason, Locale locale,
                          RedirectAttributes redirect) {
        Labels labels = new Labels(messages, locale);
        if (persons.linksOf(personKey).isEmpty()) {
            throw new PageNotFoundException("person " + personKey);
        }
        if (reason == null || reason.isBlank()) {
            redirect.addFlashAttribute("error", labels.get("clinic.request.reasonRequired", "reason"));
        } else {
            consents.request(personKey, subjects.current(), reason.strip());
            redirect.addFlashAttribute("notice", labels.get("clinic.request.sent", "sent"));
        }
        return "redirect:/clinic/patients/" + personKey;
    }

    @PostMapping("/clinic/visit-code")
    String visitCode(@RequestParam(name = "code", required = false) String code, Locale locale, RedirectAttributes redirect) {
        Labels labels = new Labels(messages, locale);
        try {
            ConsentRecord granted = visitCodes.redeem(code, subjects.current());
            redirect.addFlashAttribute("notice", labels.get("clinic.code.accepted", "accepted"));
            return "redirect:/clinic/patients/" + granted.personKey();
        } catch (VisitCodes.RefusedException e) {
            redirect.addFlashAttribute("error", labels.get("clinic.code." + e.code(), e.getMessage()));
            return "redirect:/clinic";
        }
    }

    private List<Candidate> candidates(String name, String birthDate, Labels labels, Model model) {
        ObjectNode patient = JsonNodeFactory.instance.objectNode().put("resourceType", "Patient");
        patient.putArray("name").addObject().put("text", name);
        if (birthDate != null && !birthDate.isBlank()) {
            try {
                patient.put("birthDate", LocalDate.parse(birthDate.strip()).toString());
            } catch (DateTimeParseException e) {
                model.addAttribute("error", labels.get("clinic.search.invalidDate", "date"));
                return List.of();
            }
        }
        List<PatientMatching.Match> matches = matching.lookup(patient, 10);
        ledger.record(LedgerEvent.permit("clinic.search").purpose(Purpose.TREAT.name()).detail("candidates", matches.size()));
        Map<Long, PersonCard> cards = new HashMap<>();
        reader.cards(matches.stream().map(PatientMatching.Match::person).distinct().toList()).forEach(card -> cards.put(card.personKey(), card));
        return matches.stream().filter(m -> cards.containsKey(m.person())).collect(java.util.stream.Collectors.toMap(PatientMatching.Match::person,
                        m -> new Candidate(m.person(), cards.get(m.person()), m.score(), m.grade()), (a, b) -> a.score() >= b.score() ? a : b,
                        java.util.LinkedHashMap::new))
                .values().stream().toList();
    }
}
