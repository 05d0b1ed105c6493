package org.cityhealth.hub.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.access.ConsentRecord;
import org.cityhealth.hub.access.Consents;
import org.cityhealth.hub.access.Purpose;
import org.cityhealth.hub.access.Sensitivity;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * Consents as FHIR R4 Consent resources (scope patient-privacy, an opt-in permit provision) and back. The grantee is
 * an identifier, because doctors' accounts and departments are not FHIR resources of the hub: system
 * {@code urn:cityhealth:account} (a practitioner's account), {@code urn:cityhealth:department} ("ORG/department") or
 * {@code urn:cityhealth:source} (a hospital's source code). Resource types are provision.class codes, sensitive
 * categories provision.securityLabel codes (v3 ActCode PSY, HIV, STD, SEX, GDIS).
 */
final class ConsentResources {

    static final String ACCOUNT = "urn:cityhealth:account";
    static final String DEPARTMENT = "urn:cityhealth:department";
    static final String SOURCE = "urn:cityhealth:source";
    private static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";

    private ConsentResources() {
    }

    static Consent toFhir(ConsentRecord record, String patientId) {
        Consent consent = new Consent();
        consent.setId(Long.toString(record.id()));
        consent.getMeta().setLastUpdated(Date.from(record.revokedAt() != null ? record.revokedAt() : record.createdAt()));
        consent.setStatus(switch (record.status()) {
            case ACTIVE -> Consent.ConsentState.ACTIVE;
            case INACTIVE -> Consent.ConsentState.INACTIVE;
            case PROPOSED -> Consent.ConsentState.PROPOSED;
        });
        consent.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent")));
        consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
        if (patientId != null) {
            consent.setPatient(new Reference("Patient/" + patientId));
        }
        consent.setDateTime(Date.from(record.createdAt()));
        consent.setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in")));
        Consent.ProvisionComponent provision = consent.getProvision();
        provision.setType(Consent.ConsentProvisionType.PERMIT);
        provision.setPeriod(new Period().setStart(Date.from(record.validFrom())).setEnd(record.validTo() == null ? null : Date.from(record.validTo())));
        String system = switch (record.kind()) {
            case PRACTITIONER -> ACCOUNT;
            case DEPARTMENT -> DEPARTMENT;
            case ORGANIZATION -> SOURCE;
        };
        provision.addActor().setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP",
                "information recipient"))).setReference(new Reference().setIdentifier(new Identifier().setSystem(system).setValue(record.grantee()))
                .setDisplay(record.granteeName()));
        provision.addAction(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentaction", "access", "Access")));
        provision.addPurpose(new Coding(Purpose.SYSTEM, Purpose.TREAT.name(), Purpose.TREAT.description()));
        record.types().stream().sorted().forEach(type -> provision.addClass_(new Coding(RESOURCE_TYPES, type, null)));
        record.sensitive().stream().sorted().forEach(category -> provision.addSecurityLabel(new Coding(Sensitivity.SYSTEM, category.name(), null)));
        if (record.requestReason() != null) {
            consent.addExtension("urn:cityhealth:consent-request-reason", new org.hl7.fhir.r4.model.StringType(record.requestReason()));
        }
        return consent;
    }

    /** A citizen's Consent from the API, checked field by field; the patient is always the citizen themselves. */
    static Consents.Grant fromFhir(byte[] body, FhirJson json, Instant now) {
        Consent consent;
        try {
            consent = json.context().newJsonParser().parseResource(Consent.class, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        } catch (DataFormatException | ClassCastException e) {
            throw new FhirApiException(400, "structure", "Consent", "not a FHIR R4 Consent resource in JSON: " + e.getMessage());
        }
        if (consent.hasStatus() && consent.getStatus() != Consent.ConsentState.ACTIVE) {
            throw new FhirApiException(422, "business-rule", "Consent.status", "a new consent is active; revoke with DELETE /fhir/Consent/{id}");
        }
        Consent.ProvisionComponent provision = consent.getProvision();
        if (provision.hasType() && provision.getType() != Consent.ConsentProvisionType.PERMIT) {
            throw new FhirApiException(422, "business-rule", "Consent.provision.type", "only permit provisions are supported: access is closed by default");
        }
        if (provision.getActor().size() != 1 || !provision.getActorFirstRep().getReference().hasIdentifier()) {
            throw new FhirApiException(422, "required", "Consent.provision.actor", "name exactly one recipient by identifier (" + ACCOUNT + ", "
                    + DEPARTMENT + " or " + SOURCE + ")");
        }
        Identifier recipient = provision.getActorFirstRep().getReference().getIdentifier();
        ConsentRecord.GranteeKind kind = switch (String.valueOf(recipient.getSystem())) {
            case ACCOUNT -> ConsentRecord.GranteeKind.PRACTITIONER;
            case DEPARTMENT -> ConsentRecord.GranteeKind.DEPARTMENT;
            case SOURCE -> ConsentRecord.GranteeKind.ORGANIZATION;
            default -> throw new FhirApiException(422, "value", "Consent.provision.actor.reference.identifier.system",
                    "unknown recipient system " + recipient.getSystem());
        };
        if (!recipient.hasValue() || recipient.getValue().isBlank() || recipient.getValue().length() > 200) {
            throw new FhirApiException(422, "required", "Consent.provision.actor.reference.identifier.value", "the recipient's identifier is missing");
        }
        Set<String> types = new LinkedHashSet<>();
        for (Coding coding : provision.getClass_()) {
            if (!json.isResourceType(coding.getCode())) {
                throw new FhirApiException(422, "value", "Consent.provision.class", "not a FHIR resource type: " + coding.getCode());
            }
            types.add(coding.getCode());
        }
        Set<Sensitivity> sensitive = EnumSet.noneOf(Sensitivity.class);
        for (Coding label : provision.getSecurityLabel()) {
            try {
                sensitive.add(Sensitivity.valueOf(label.getCode()));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new FhirApiException(422, "value", "Consent.provision.securityLabel", "unknown sensitive category " + label.getCode()
                        + " (PSY, HIV, STD, SEX, GDIS)");
            }
        }
        Instant from = provision.getPeriod().hasStart() ? provision.getPeriod().getStart().toInstant() : now;
        Instant to = provision.getPeriod().hasEnd() ? provision.getPeriod().getEnd().toInstant() : null;
        if (to != null && !to.isAfter(from)) {
            throw new FhirApiException(422, "value", "Consent.provision.period", "the period must end after it starts");
        }
        String display = provision.getActorFirstRep().getReference().getDisplay();
        return new Consents.Grant(kind, recipient.getValue().strip(), display == null ? recipient.getValue().strip() : display, types, sensitive, from, to);
    }
}
