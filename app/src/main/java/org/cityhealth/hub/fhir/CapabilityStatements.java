package org.cityhealth.hub.fhir;

import java.util.Date;
import java.util.List;
import org.cityhealth.hub.store.SearchParameters;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/** Describes what the hub's FHIR API does, built with HAPI's model so that it is valid R4 by construction. */
final class CapabilityStatements {

    /** The types the backbone promises; others are stored and readable too, searchable by _id and _lastUpdated. */
    static final List<String> INDEXED_TYPES = List.of("Patient", "Encounter", "Condition", "Observation", "MedicationRequest",
            "MedicationStatement", "AllergyIntolerance", "Procedure", "DiagnosticReport", "ImagingStudy", "Immunization",
            "DocumentReference", "Organization", "Practitioner", "Location");

    private CapabilityStatements() {
    }

    static CapabilityStatement build(String baseUrl, String version) {
        CapabilityStatement statement = new CapabilityStatement();
        statement.setStatus(Enumerations.PublicationStatus.ACTIVE);
        statement.setDate(new Date());
        statement.setPublisher("CityHealth Hub");
        statement.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        statement.getSoftware().setName("CityHealth Hub").setVersion(version);
        statement.getImplementation().setDescription("CityHealth Hub 全民健康数据中心").setUrl(baseUrl);
        statement.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        statement.addFormat("application/fhir+json");
        statement.addFormat("application/fhir+xml");
        CapabilityStatementRestComponent rest = statement.addRest().setMode(RestfulCapabilityMode.SERVER);
        var security = rest.getSecurity();
        security.setDescription("Sources submit with their bearer token. Readers use a JWT with SMART scopes (the hub's own from POST /auth/token,"
                + " or the configured OpenID provider's), HTTP Basic or a web session. Every read is decided by one policy decision point:"
                + " a doctor sees their hospital's records and what consents or an in-visit code open; break the glass with the header"
                + " X-Break-Glass-Reason on Patient/$summary.");
        security.addService(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                "http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")));
        var oauth = security.addExtension().setUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        oauth.addExtension("token", new org.hl7.fhir.r4.model.UriType(baseUrl.replaceAll("/fhir$", "") + "/auth/token"));
        rest.addInteraction().setCode(SystemRestfulInteraction.TRANSACTION);
        rest.addInteraction().setCode(SystemRestfulInteraction.BATCH);
        for (String type : INDEXED_TYPES) {
            CapabilityStatementRestResourceComponent resource = rest.addResource().setType(type);
            resource.addInteraction().setCode(TypeRestfulInteraction.READ);
            resource.addInteraction().setCode(TypeRestfulInteraction.VREAD);
            resource.addInteraction().setCode(TypeRestfulInteraction.HISTORYINSTANCE);
            resource.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
            resource.addInteraction().setCode(TypeRestfulInteraction.CREATE);
            resource.addInteraction().setCode(TypeRestfulInteraction.UPDATE);
            resource.addInteraction().setCode(TypeRestfulInteraction.DELETE);
            resource.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONED);
            resource.setConditionalCreate(true);
            resource.setConditionalUpdate(true);
            resource.addSearchParam().setName("_id").setType(SearchParamType.TOKEN);
            resource.addSearchParam().setName("_lastUpdated").setType(SearchParamType.DATE);
            resource.addSearchParam().setName("identifier").setType(SearchParamType.TOKEN);
            if (!"Patient".equals(type) && !List.of("Organization", "Practitioner", "Location").contains(type)) {
                resource.addSearchParam().setName("patient").setType(SearchParamType.REFERENCE);
                resource.addSearchParam().setName("subject").setType(SearchParamType.REFERENCE);
                resource.addSearchParam().setName("category").setType(SearchParamType.TOKEN);
                resource.addSearchParam().setName("status").setType(SearchParamType.TOKEN);
            }
            if (SearchParameters.hasDate(type)) {
                resource.addSearchParam().setName("Patient".equals(type) ? "birthdate" : "date").setType(SearchParamType.DATE);
            }
            if (!List.of("Patient", "Organization", "Practitioner", "Location").contains(type)) {
                resource.addSearchParam().setName("code").setType(SearchParamType.TOKEN);
            }
            if (SearchParameters.CONTENT_TYPES.contains(type)) {
                resource.addSearchParam().setName("_content").setType(SearchParamType.STRING)
                        .setDocumentation("text of the description and plain-text attachments; words, and Chinese as character pairs");
            }
            if ("Patient".equals(type)) {
                resource.addSearchParam().setName("gender").setType(SearchParamType.TOKEN);
                resource.addOperation().setName("everything").setDefinition("http://hl7.org/fhir/OperationDefinition/Patient-everything");
                resource.addOperation().setName("match").setDefinition("http://hl7.org/fhir/OperationDefinition/Patient-match");
                resource.addOperation().setName("ihe-pix").setDefinition("https://profiles.ihe.net/ITI/PIXm/OperationDefinition/IHE.PIXm.pix");
                resource.addOperation().setName("summary").setDefinition("http://hl7.org/fhir/uv/ips/OperationDefinition/summary");
            }
        }
        CapabilityStatementRestResourceComponent consent = rest.addResource().setType("Consent");
        consent.addInteraction().setCode(TypeRestfulInteraction.READ);
        consent.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        consent.addInteraction().setCode(TypeRestfulInteraction.CREATE);
        consent.addInteraction().setCode(TypeRestfulInteraction.DELETE);
        consent.setDocumentation("A citizen's own consents: create grants access (provision.actor by identifier urn:cityhealth:account,"
                + " urn:cityhealth:department or urn:cityhealth:source), delete revokes at once and keeps the Consent as inactive.");
        consent.addSearchParam().setName("patient").setType(SearchParamType.REFERENCE);
        return statement;
    }
}
