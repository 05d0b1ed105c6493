package org.cityhealth.hub.fhir;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.access.ConsentNotFoundException;
import org.cityhealth.hub.access.ConsentRecord;
import org.cityhealth.hub.access.Consents;
import org.cityhealth.hub.access.Role;
import org.cityhealth.hub.access.Subject;
import org.cityhealth.hub.access.Subjects;
import org.cityhealth.hub.identity.PatientLink;
import org.cityhealth.hub.identity.PersonIndex;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Consents through FHIR: a citizen creates (POST), lists and revokes (DELETE, which makes the Consent inactive at once
 * and keeps it for the record) their own; a doctor lists the consents granted to them; a privacy officer or operator
 * reads a patient's.
 */
@RestController
@RequestMapping("/fhir/Consent")
class ConsentEndpoint {

    private final Consents consents;
    private final Subjects subjects;
    private final PersonIndex persons;
    private final FhirJson json;

    ConsentEndpoint(Consents consents, Subjects subjects, PersonIndex persons, FhirJson json) {
        this.consents = consents;
        this.subjects = subjects;
        this.persons = persons;
        this.json = json;
    }

    @GetMapping
    ResponseEntity<byte[]> search(@RequestParam(name = "patient", required = false) String patient, HttpServletRequest request) {
        Subject subject = subjects.current();
        List<ConsentRecord> found;
        if (subject.has(Role.CITIZEN)) {
            found = consents.of(own(subject));
        } else if (subject.has(Role.DOCTOR) || subject.has(Role.EMERGENCY_DOCTOR)) {
            found = consents.grantedTo(subject);
        } else {
            if (patient == null || patient.isBlank()) {
                throw new FhirApiException(400, "required", "patient", "name the patient: Consent?patient=Patient/{id}");
            }
            String id = patient.startsWith("Patient/") ? patient.substring("Patient/".length()) : patient;
            found = persons.personOf(id).map(consents::of).orElse(List.of());
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(found.size());
        for (ConsentRecord record : found) {
            bundle.addEntry().setFullUrl(FhirResponses.baseUrl() + "/Consent/" + record.id()).setResource(ConsentResources.toFhir(record, patientOf(record.personKey())))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return FhirResponses.respond(json, 200, encode(bundle), FhirFormat.of(request), false);
    }

    @GetMapping("/{id}")
    ResponseEntity<byte[]> read(@PathVariable String id, HttpServletRequest request) {
        ConsentRecord record = visible(id, subjects.current());
        return FhirResponses.respond(json, 200, encode(ConsentResources.toFhir(record, patientOf(record.personKey()))), FhirFormat.of(request), false);
    }

    @PostMapping
    ResponseEntity<byte[]> create(HttpServletRequest request) throws IOException {
        Subject subject = subjects.current();
        long personKey = own(subject);
        Consents.Grant grant = ConsentResources.fromFhir(request.getInputStream().readNBytes(1 << 20), json, Instant.now());
        ConsentRecord record = consents.grant(personKey, grant, ConsentRecord.Origin.API, subject.id());
        ResponseEntity<byte[]> response = FhirResponses.respond(json, 201, encode(ConsentResources.toFhir(record, patientOf(personKey))),
                FhirFormat.of(request), false);
        return ResponseEntity.status(201).headers(response.getHeaders()).header(HttpHeaders.LOCATION, FhirResponses.baseUrl() + "/Consent/" + record.id())
                .body(response.getBody());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<byte[]> revoke(@PathVariable String id, HttpServletRequest request) {
        Subject subject = subjects.current();
        long personKey = own(subject);
        try {
            ConsentRecord record = consents.revoke(personKey, parse(id), subject.id());
            return FhirResponses.respond(json, 200, encode(ConsentResources.toFhir(record, patientOf(personKey))), FhirFormat.of(request), false);
        } catch (ConsentNotFoundException e) {
            throw new FhirApiException(404, "not-found", "Consent/" + id, e.getMessage());
        }
    }

    private ConsentRecord visible(String id, Subject subject) {
        ConsentRecord record = consents.find(parse(id)).orElseThrow(() -> new FhirApiException(404, "not-found", "Consent/" + id, "Consent/" + id + " is not known"));
        boolean mine = subject.has(Role.CITIZEN) && subject.personKey() != null && subject.personKey() == record.personKey();
        boolean granted = (subject.has(Role.DOCTOR) || subject.has(Role.EMERGENCY_DOCTOR)) && record.covers(subject);
        boolean reviewer = subject.has(Role.PRIVACY_OFFICER) || subject.has(Role.OPERATOR);
        if (!mine && !granted && !reviewer) {
            throw new FhirApiException(404, "not-found", "Consent/" + id, "Consent/" + id + " is not known");
        }
        return record;
    }

    private long own(Subject subject) {
        if (!subject.has(Role.CITIZEN) || subject.personKey() == null) {
            throw new FhirApiException(403, "forbidden", "Consent", "only a citizen manages consents, their own");
        }
        return subject.personKey();
    }

    private String patientOf(long personKey) {
        return persons.linksOf(personKey).stream().map(PatientLink::patientId).findFirst().orElse(null);
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new FhirApiException(404, "not-found", "Consent/" + id, "Consent/" + id + " is not known");
        }
    }

    private byte[] encode(org.hl7.fhir.r4.model.Resource resource) {
        return json.context().newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
    }
}
