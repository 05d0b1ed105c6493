package org.cityhealth.hub.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.identity.PatientMatching;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.StoredResource;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * The person index's FHIR operations: {@code Patient/$match} (FHIR R4, as IHE PDQm uses it) and
 * {@code Patient/$ihe-pix} (IHE PIXm cross-reference query).
 */
@Component
class IdentityOperations {

    static final String MATCH_GRADE = "http://hl7.org/fhir/StructureDefinition/match-grade";
    private static final int DEFAULT_MATCHES = 10;
    private static final int MAX_MATCHES = 100;

    /** A response body and the resources it serves (for the ledger). */
    record Answer(byte[] body, List<StoredResource> served) {
    }

    private final FhirJson json;
    private final PatientMatching matching;
    private final PersonIndex persons;
    private final ResourceStore store;

    IdentityOperations(FhirJson json, PatientMatching matching, PersonIndex persons, ResourceStore store) {
        this.json = json;
        this.matching = matching;
        this.persons = persons;
        this.store = store;
    }

    Answer match(byte[] body, String contentType, String baseUrl) {
        Parameters parameters;
        try {
            String text = new String(body, StandardCharsets.UTF_8);
            parameters = contentType != null && contentType.contains("xml")
                    ? json.context().newXmlParser().parseResource(Parameters.class, text)
                    : json.context().newJsonParser().parseResource(Parameters.class, text);
        } catch (DataFormatException | ClassCastException e) {
            throw new FhirApiException(400, "invalid", "Parameters", "the body must be a Parameters resource: " + firstLine(e.getMessage()));
        }
        Parameters.ParametersParameterComponent described = parameters.getParameter("resource");
        if (described == null || !(described.getResource() instanceof Patient patient)) {
            throw new FhirApiException(400, "required", "Parameters.parameter", "parameter 'resource' with a Patient is required");
        }
        int count = DEFAULT_MATCHES;
        if (parameters.getParameter("count") != null) {
            if (!parameters.getParameter("count").hasValue() || !(parameters.getParameter("count").getValue() instanceof org.hl7.fhir.r4.model.IntegerType number)
                    || number.getValue() == null || number.getValue() < 1) {
                throw new FhirApiException(400, "invalid", "Parameters.parameter.count", "count must be a positive integer");
            }
            count = Math.min(number.getValue(), MAX_MATCHES);
        }
        boolean onlyCertain = parameters.getParameter("onlyCertainMatches") != null
                && parameters.getParameter("onlyCertainMatches").getValue() instanceof org.hl7.fhir.r4.model.BooleanType flag && flag.booleanValue();
        JsonNode asked;
        try {
            asked = json.mapper().readTree(json.context().newJsonParser().encodeResourceToString(patient));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<PatientMatching.Match> matches;
        try {
            matches = matching.match(asked, count, onlyCertain);
        } catch (IllegalArgumentException e) {
            throw new FhirApiException(400, "required", "Parameters.parameter.resource", e.getMessage());
        }
        Map<String, StoredResource> stored = new LinkedHashMap<>();
        store.readCurrent(matches.stream().map(PatientMatching.Match::patientId).toList()).forEach(r -> stored.put(r.id(), r));
        ObjectNode bundle = json.mapper().createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        ArrayNode entries = json.mapper().createArrayNode();
        List<StoredResource> served = new ArrayList<>();
        for (PatientMatching.Match match : matches) {
            StoredResource resource = stored.get(match.patientId());
            if (resource == null || resource.deleted()) {
                continue;
            }
            served.add(resource);
            ObjectNode entry = entries.addObject();
            entry.put("fullUrl", baseUrl + "/Patient/" + resource.id());
            try {
                entry.set("resource", json.mapper().readTree(resource.body()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            ObjectNode search = entry.putObject("search");
            search.putArray("extension").addObject().put("url", MATCH_GRADE).put("valueCode", match.grade());
            search.put("mode", "match");
            search.put("score", match.score());
        }
        bundle.put("total", entries.size());
        bundle.set("entry", entries);
        return new Answer(bytes(bundle), served);
    }

    Answer pix(String sourceIdentifier, List<String> targetSystems) {
        if (sourceIdentifier == null || !sourceIdentifier.contains("|") || sourceIdentifier.startsWith("|") || sourceIdentifier.endsWith("|")) {
            throw new FhirApiException(400, "required", "sourceIdentifier", "sourceIdentifier must be system|value");
        }
        int bar = sourceIdentifier.indexOf('|');
        String system = sourceIdentifier.substring(0, bar);
        String value = sourceIdentifier.substring(bar + 1);
        List<String> ids = store.idsByToken("Patient", "identifier", system, value, null);
        if (ids.isEmpty()) {
            throw new FhirApiException(404, "not-found", "sourceIdentifier", "no patient has the identifier " + system + "|…");
        }
        Set<Long> personKeys = new LinkedHashSet<>(persons.personsOf(ids).values());
        Set<String> linked = new LinkedHashSet<>();
        for (long person : personKeys) {
            persons.linksOf(person).forEach(link -> linked.add(link.patientId()));
        }
        ObjectNode parameters = json.mapper().createObjectNode();
        parameters.put("resourceType", "Parameters");
        ArrayNode out = parameters.putArray("parameter");
        List<StoredResource> served = new ArrayList<>();
        for (StoredResource patient : store.readCurrent(new ArrayList<>(linked))) {
            if (patient.deleted() || !"Patient".equals(patient.type())) {
                continue;
            }
            JsonNode body;
            try {
                body = json.mapper().readTree(patient.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            boolean any = false;
            for (JsonNode identifier : body.path("identifier")) {
                String identifierSystem = identifier.path("system").asText(null);
                if (!targetSystems.isEmpty() && !targetSystems.contains(identifierSystem)) {
                    continue;
                }
                if (system.equals(identifierSystem) && value.equals(identifier.path("value").asText())) {
                    continue;
                }
                ObjectNode parameter = out.addObject();
                parameter.put("name", "targetIdentifier");
                parameter.set("valueIdentifier", identifier.deepCopy());
                any = true;
            }
            if (any || targetSystems.isEmpty()) {
                ObjectNode reference = out.addObject();
                reference.put("name", "targetId");
                reference.putObject("valueReference").put("reference", "Patient/" + patient.id());
                served.add(patient);
            }
        }
        return new Answer(bytes(parameters), served);
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
