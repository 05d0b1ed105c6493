package org.cityhealth.hub.fhir;

import jakarta.servlet.http.HttpServletRequest;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.access.PolicyDecisionPoint;
import org.cityhealth.hub.access.Purpose;
import org.cityhealth.hub.access.Subject;
import org.cityhealth.hub.access.Subjects;
import org.cityhealth.hub.clinic.EmergencyAccess;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.identity.ResidentIdentifiers;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.identity.ResidentId;
import org.cityhealth.hub.store.ResourceStore;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code Patient/$summary}: the emergency summary as an International Patient Summary–style document, for a patient
 * by id or by resident ID ({@code identifier=urn:oid:2.16.156.10011.1.1|…}, what a card reader types). Breaking the
 * glass is asking with the header {@code X-Break-Glass-Reason}; without it the doctor's consents decide.
 */
@RestController
@RequestMapping("/fhir/Patient")
class SummaryOperation {

    static final String REASON_HEADER = "X-Break-Glass-Reason";

    private final EmergencyAccess emergency;
    private final PersonIndex persons;
    private final ResourceStore store;
    private final Subjects subjects;
    private final FhirJson json;
    private final Ledger ledger;

    SummaryOperation(EmergencyAccess emergency, PersonIndex persons, ResourceStore store, Subjects subjects, FhirJson json, Ledger ledger) {
        this.ledger = ledger;
        this.emergency = emergency;
        this.persons = persons;
        this.store = store;
        this.subjects = subjects;
        this.json = json;
    }

    @GetMapping("/{id}/$summary")
    ResponseEntity<byte[]> byId(@PathVariable String id, HttpServletRequest request) {
        var patient = store.read("Patient", id).filter(p -> !p.deleted())
                .orElseThrow(() -> refused(request, 404, "not-found", "Patient/" + id + " is not known"));
        return summary(persons.personOf(id).orElse(patient.personKey()), request);
    }

    @GetMapping("/$summary")
    ResponseEntity<byte[]> byIdentifier(@RequestParam(name = "identifier", required = false) String identifier, HttpServletRequest request) {
        if (identifier == null || identifier.isBlank()) {
            throw new FhirApiException(400, "required", "identifier", "give the patient: Patient/{id}/$summary or identifier="
                    + ResidentIdentifiers.SYSTEM + "|<resident ID>");
        }
        String value = identifier.contains("|") ? identifier.substring(identifier.indexOf('|') + 1) : identifier;
        String system = identifier.contains("|") ? identifier.substring(0, identifier.indexOf('|')) : ResidentIdentifiers.SYSTEM;
        if (!system.isEmpty() && !ResidentIdentifiers.SYSTEM.equals(system)) {
            throw new FhirApiException(400, "not-supported", "identifier", "only resident IDs (" + ResidentIdentifiers.SYSTEM + ") identify a person here");
        }
        ResidentId residentId = ResidentId.parse(value.strip()).orElseThrow(() -> refused(400, "invalid", "INVALID_IDENTIFIER",
                "not a valid resident ID (18 characters, GB 11643 check digit)", null));
        long personKey = persons.personByResidentId(residentId).orElseThrow(() -> refused(404, "not-found", "UNKNOWN_PERSON",
                "no person with this resident ID is known", residentId.masked()));
        return summary(personKey, request);
    }

    /**
     * A lookup by resident ID that finds no one is on the ledger like the workstation's: whoever probes resident IDs
     * leaves a trace (with the ID masked, never whole).
     */
    private FhirApiException refused(int status, String issue, String code, String message, String maskedQuery) {
        ledger.record(LedgerEvent.deny("fhir.summary", message).detail("code", code).detail("query", maskedQuery));
        return new FhirApiException(status, issue, "identifier", message);
    }

    private FhirApiException refused(HttpServletRequest request, int status, String code, String message) {
        LedgerEvent event = LedgerEvent.deny("fhir.summary", message);
        ledger.record(request.getHeader(REASON_HEADER) == null ? event : event.purpose(Purpose.ETREAT.name()));
        return new FhirApiException(status, code, "identifier", message);
    }

    /** A percent-encoded reason; one that only looks encoded ("SpO2 80%, 100%ige") stays as typed. */
    private static String percentDecoded(String reason) {
        try {
            return java.net.URLDecoder.decode(reason, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return reason;
        }
    }

    private ResponseEntity<byte[]> summary(long personKey, HttpServletRequest request) {
        Subject subject = subjects.current();
        String reason = request.getHeader(REASON_HEADER);
        Purpose purpose = reason == null ? PolicyDecisionPoint.usualPurpose(subject) : Purpose.ETREAT;
        if (reason != null) {
            // Headers arrive as ISO-8859-1: a client sends Chinese either percent-encoded or as raw UTF-8 bytes.
            reason = reason.matches(".*%[0-9A-Fa-f]{2}.*") ? percentDecoded(reason)
                    : new String(reason.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8);
        }
        EmergencyAccess.Outcome outcome = emergency.summary(subject, personKey, purpose, reason, "fhir");
        if (outcome instanceof EmergencyAccess.Outcome.Refused refused) {
            int status = switch (refused.deny().code()) {
                case "REASON_REQUIRED" -> 400;
                case "RATE_LIMITED" -> 429;
                case "NOT_OWN_RECORD" -> 404;
                default -> 403;
            };
            throw new FhirApiException(status, status == 429 ? "throttled" : status == 400 ? "required" : status == 404 ? "not-found" : "forbidden",
                    "Patient", status == 404 ? "this patient is not known" : refused.deny().reason());
        }
        byte[] document = emergency.document((EmergencyAccess.Outcome.Shown) outcome, FhirResponses.baseUrl());
        return FhirResponses.respond(json, 200, document, FhirFormat.of(request), false);
    }
}
