package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.identity.MergeRefusedException;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.store.ResourceIndex;
import org.cityhealth.hub.store.ResourceIndexer;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.ResourceWrite;
import org.cityhealth.hub.store.StoredResource;
import org.springframework.stereotype.Component;

/**
 * The part of ingest that every format shares: checks that referenced resources exist, links patients to
 * persons, numbers versions, indexes and serialises. Runs inside the submission's transaction.
 */
@Component
class WritePlanner {

    private final ResourceStore store;
    private final PersonIndex persons;
    private final FhirJson json;

    WritePlanner(ResourceStore store, PersonIndex persons, FhirJson json) {
        this.store = store;
        this.persons = persons;
        this.json = json;
    }

    /**
     * Maps a relative reference ({@code Type/id} or {@code Type/id/_history/v}) of the source to the hub's
     * {@code Type/hubId}; null when the reference is not a relative one.
     */
    String relative(Source source, String reference) {
        String[] parts = reference.split("/");
        if ((parts.length == 2 || parts.length == 4 && "_history".equals(parts[2])) && json.isResourceType(parts[0])
                && HubIds.FHIR_ID.matcher(parts[1]).matches()) {
            return parts[0] + "/" + HubIds.forSource(source.code(), parts[0], parts[1]);
        }
        return null;
    }

    /** Throws naming the first reference that points neither into this submission nor to a stored resource. */
    void requireExisting(Map<String, String> referenceLocations, Set<String> submitted) {
        Map<String, List<String>> idsByType = new HashMap<>();
        for (String reference : referenceLocations.keySet()) {
            if (!submitted.contains(reference)) {
                int slash = reference.indexOf('/');
                idsByType.computeIfAbsent(reference.substring(0, slash), type -> new ArrayList<>()).add(reference.substring(slash + 1));
            }
        }
        for (Map.Entry<String, List<String>> entry : idsByType.entrySet()) {
            Set<String> found = store.currentVersions(entry.getKey(), entry.getValue()).keySet();
            for (String id : entry.getValue()) {
                if (!found.contains(id)) {
                    String reference = entry.getKey() + "/" + id;
                    throw new IngestException(400, "not-found", referenceLocations.get(reference),
                            "reference cannot be resolved: no " + entry.getKey() + " with that id was sent in this submission or before");
                }
            }
        }
    }

    /** {@code meta.source} of what a submission stores: the sender and the vault submission. */
    static String metaSource(Source source, long submissionId) {
        return "urn:cityhealth:source:" + source.code() + "#" + submissionId;
    }

    List<ResourceWrite> plan(Source source, long submissionId, Instant now, List<Incoming> incoming) {
        Map<String, Long> personOfPatient = linkPatients(source, incoming);
        Map<String, Integer> versions = currentVersions(incoming);
        String metaSource = metaSource(source, submissionId);
        List<ResourceWrite> writes = new ArrayList<>(incoming.size());
        for (Incoming item : incoming) {
            int version = versions.getOrDefault(item.reference(), 0) + 1;
            if (item.delete()) {
                byte[] tombstone = ("{\"resourceType\":\"" + item.type() + "\",\"id\":\"" + item.hubId() + "\"}").getBytes();
                // A deletion stays in the person's compartment, so that the person's history shows it.
                long person = store.read(item.type(), item.hubId()).map(stored -> stored.personKey()).orElse(0L);
                writes.add(new ResourceWrite(item.type(), item.hubId(), version, true, person, null, now, null,
                        source.id(), item.sourceResourceId(), null, submissionId, tombstone));
                continue;
            }
            ObjectNode resource = item.resource();
            ResourceIndex index;
            try {
                index = ResourceIndexer.index(item.type(), resource);
            } catch (IllegalArgumentException e) {
                throw IngestException.invalid(item.location(), e.getMessage());
            }
            String patientId = "Patient".equals(item.type()) ? item.hubId()
                    : index.patientReference() == null ? null : index.patientReference().substring("Patient/".length());
            if (patientId == null && ResourceIndexer.PATIENT_REQUIRED.contains(item.type())) {
                throw new IngestException(400, "required", item.location(),
                        item.type() + " must reference the patient it is about (subject or patient)");
            }
            long personKey = patientId == null ? 0L : personOfPatient.getOrDefault(patientId, 0L);
            if (patientId != null && personKey == 0L) {
                throw new IngestException(400, "not-found", item.location(), "Patient/" + patientId + " is not known to the hub");
            }
            resource.put("id", item.hubId());
            ObjectNode meta = resource.with("meta");
            String sourceVersion = meta.path("versionId").isTextual() ? meta.path("versionId").asText() : null;
            meta.put("versionId", Integer.toString(version));
            meta.put("lastUpdated", now.toString());
            meta.put("source", metaSource);
            byte[] body;
            try {
                body = json.mapper().writeValueAsBytes(resource);
            } catch (JsonProcessingException e) {
                throw IngestException.invalid(item.location(), "resource cannot be serialised: " + e.getOriginalMessage());
            }
            writes.add(new ResourceWrite(item.type(), item.hubId(), version, false, personKey, patientId, now, index,
                    source.id(), item.sourceResourceId(), sourceVersion, submissionId, body));
        }
        writes.addAll(retireReplaced(incoming, now, metaSource, submissionId));
        return writes;
    }

    /**
     * New versions of what incoming resources state they replace, as FHIR leaves a replaced resource: a Patient that an
     * incoming Patient {@code replaces} (a merge) inactive and linked {@code replaced-by} its survivor, as FHIR's merge leaves
     * a source patient; a DocumentReference that an incoming one {@code replaces} (an HL7 MDM^T10) {@code superseded}. A
     * client holding the old id learns where the record went, and a search for current records no longer finds it twice. A
     * resource the submission sends itself is the sender's to state; one replaced already is left as it is, so resending
     * the replacement writes nothing new.
     */
    private List<ResourceWrite> retireReplaced(List<Incoming> incoming, Instant now, String metaSource, long submissionId) {
        Set<String> submitted = new HashSet<>();
        incoming.forEach(item -> submitted.add(item.type() + "/" + item.hubId()));
        List<ResourceWrite> retired = new ArrayList<>();
        for (Incoming item : incoming) {
            if (item.delete()) {
                continue;
            }
            if ("Patient".equals(item.type())) {
                for (JsonNode link : item.resource().path("link")) {
                    if ("replaces".equals(link.path("type").asText())) {
                        replaced(link.path("other"), "Patient", submitted)
                                .flatMap(stored -> retired(stored, item.hubId(), now, metaSource, submissionId)).ifPresent(retired::add);
                    }
                }
            } else if ("DocumentReference".equals(item.type())) {
                for (JsonNode relation : item.resource().path("relatesTo")) {
                    if ("replaces".equals(relation.path("code").asText())) {
                        replaced(relation.path("target"), "DocumentReference", submitted)
                                .flatMap(stored -> superseded(stored, now, metaSource, submissionId)).ifPresent(retired::add);
                    }
                }
            }
        }
        return retired;
    }

    /** The stored, not deleted resource of type {@code type} that {@code reference} names, unless the submission holds it. */
    private Optional<StoredResource> replaced(JsonNode reference, String type, Set<String> submitted) {
        String target = reference.path("reference").asText("");
        if (!target.startsWith(type + "/") || !submitted.add(target)) {
            return Optional.empty();
        }
        return store.read(type, target.substring(type.length() + 1)).filter(stored -> !stored.deleted());
    }

    private Optional<ResourceWrite> retired(StoredResource stored, String survivorId, Instant now, String metaSource, long submissionId) {
        ObjectNode patient = body(stored);
        String survivor = "Patient/" + survivorId;
        ArrayNode links = patient.withArray("link");
        boolean alreadyRetired = !patient.path("active").asBoolean(true) && links.size() == 1
                && "replaced-by".equals(links.get(0).path("type").asText()) && survivor.equals(links.get(0).path("other").path("reference").asText());
        if (alreadyRetired) {
            return Optional.empty();
        }
        patient.put("active", false);
        // A merged patient has one survivor: an earlier replaced-by link (or a replaces link of its own) no longer holds.
        links.removeAll();
        ObjectNode link = links.addObject();
        link.putObject("other").put("reference", survivor);
        link.put("type", "replaced-by");
        return Optional.of(nextVersion(stored, patient, stored.id(), now, metaSource, submissionId));
    }

    private Optional<ResourceWrite> superseded(StoredResource stored, Instant now, String metaSource, long submissionId) {
        ObjectNode document = body(stored);
        if ("superseded".equals(document.path("status").asText())) {
            return Optional.empty();
        }
        document.put("status", "superseded");
        String patient = ResourceIndexer.patientReference(stored.type(), document);
        return Optional.of(nextVersion(stored, document, patient == null ? null : patient.substring("Patient/".length()), now, metaSource,
                submissionId));
    }

    private ObjectNode body(StoredResource stored) {
        try {
            return (ObjectNode) json.mapper().readTree(stored.body());
        } catch (IOException e) {
            throw new IllegalStateException("stored " + stored.type() + "/" + stored.id() + " cannot be read", e);
        }
    }

    /** The stored resource's next version with {@code body}, written by this submission. */
    private ResourceWrite nextVersion(StoredResource stored, ObjectNode body, String patientId, Instant now, String metaSource, long submissionId) {
        int version = stored.version() + 1;
        ObjectNode meta = body.with("meta");
        meta.put("versionId", Integer.toString(version));
        meta.put("lastUpdated", now.toString());
        meta.put("source", metaSource);
        long personKey = patientId == null ? stored.personKey() : persons.personOf(patientId).orElse(stored.personKey());
        try {
            return new ResourceWrite(stored.type(), stored.id(), version, false, personKey, patientId, now,
                    ResourceIndexer.index(stored.type(), body), stored.sourceId(), stored.sourceResourceId(), null, submissionId,
                    json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(stored.type() + "/" + stored.id() + " cannot be serialised", e);
        }
    }

    private Map<String, Long> linkPatients(Source source, List<Incoming> incoming) {
        Map<String, Long> personOfPatient = new HashMap<>();
        Set<String> referenced = new HashSet<>();
        for (Incoming item : incoming) {
            if (item.delete()) {
                continue;
            }
            if ("Patient".equals(item.type())) {
                // A malformed resident ID, name or birth date is stored and flagged as a data-quality issue, never refused.
                personOfPatient.put(item.hubId(), persons.link(item.hubId(), source.id(),
                        item.sourceResourceId() == null ? item.hubId() : item.sourceResourceId(), item.resource()));
            } else {
                String reference = ResourceIndexer.patientReference(item.type(), item.resource());
                if (reference != null) {
                    referenced.add(reference.substring("Patient/".length()));
                }
            }
        }
        for (Incoming item : incoming) {
            if (!item.delete() && "Patient".equals(item.type())) {
                mergeReplaced(source, item);
            }
        }
        referenced.removeAll(personOfPatient.keySet());
        if (!referenced.isEmpty()) {
            personOfPatient.putAll(persons.personsOf(referenced));
        }
        return personOfPatient;
    }

    /**
     * A Patient that {@code replaces} another of the source's patients (FHIR's merge link; HL7 v2 A40 arrives as one)
     * merges their persons in this transaction, so that the merge is stored exactly when the submission is.
     */
    private void mergeReplaced(Source source, Incoming patient) {
        JsonNode links = patient.resource().path("link");
        for (int i = 0; i < links.size(); i++) {
            String other = links.get(i).path("other").path("reference").asText("");
            if ("replaces".equals(links.get(i).path("type").asText()) && other.startsWith("Patient/")) {
                try {
                    persons.mergeReplaced(patient.hubId(), other.substring("Patient/".length()), source.code());
                } catch (MergeRefusedException e) {
                    throw new IngestException(422, "business-rule", patient.location() + ".link[" + i + "]", "the patients cannot be merged: " + e.getMessage());
                }
            }
        }
    }

    private Map<String, Integer> currentVersions(List<Incoming> incoming) {
        Map<String, List<String>> idsByType = new LinkedHashMap<>();
        for (Incoming item : incoming) {
            idsByType.computeIfAbsent(item.type(), type -> new ArrayList<>()).add(item.hubId());
        }
        Map<String, Integer> versions = new HashMap<>();
        idsByType.forEach((type, ids) -> store.currentVersions(type, ids).forEach((id, version) -> versions.put(type + "/" + id, version)));
        return versions;
    }
}
