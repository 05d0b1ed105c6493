package org.cityhealth.hub.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cityhealth.hub.store.StoredResource;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.CitySpec;
import org.cityhealth.synthetic.GeneratedBundle;
import org.cityhealth.synthetic.ResidentTruth;

/** Stored resources for the clinic tests: hand-written FHIR R4 JSON, and the synthetic city's records per resident. */
final class ClinicFixtures {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** "Now" in the tests: the last day of the synthetic city's default history. */
    static final Instant NOW = LocalDate.of(2026, 6, 30).atTime(12, 0).atZone(ZONE).toInstant();
    static final Clock CLOCK = Clock.fixed(NOW, ZONE);

    private ClinicFixtures() {
    }

    /** A stored resource from source 1, last updated {@code daysAgo} days before {@link #NOW}. */
    static StoredResource stored(String type, String id, int daysAgo, String json) {
        return stored(type, id, daysAgo, 1, json);
    }

    static StoredResource stored(String type, String id, int daysAgo, long sourceId, String json) {
        return new StoredResource(type, id, 1, false, 7L, NOW.minusSeconds(86_400L * daysAgo), sourceId, id, 1L,
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** One resident of the synthetic city: who they are, and everything every source sent about them. */
    record Resident(ResidentTruth truth, List<StoredResource> resources) {
    }

    /**
     * The records of a small synthetic city grouped by resident, as the store would hold them once the sources'
     * patients are linked: each resource with its source and an increasing lastUpdated.
     */
    static List<Resident> syntheticCity(int residents, long seed) {
        CityGenerator city = new CityGenerator(CitySpec.ofResidents(residents, seed));
        Map<String, Integer> residentOfPatient = new HashMap<>();
        Map<Integer, ResidentTruth> truths = new LinkedHashMap<>();
        for (Iterator<ResidentTruth> it = city.residents(); it.hasNext(); ) {
            ResidentTruth truth = it.next();
            truths.put(truth.index(), truth);
            truth.sourcePatientIds().values().forEach(id -> residentOfPatient.put(id, truth.index()));
        }
        Map<String, Long> sourceIds = new HashMap<>();
        Map<Integer, List<StoredResource>> byResident = new HashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        Instant stored = NOW.minusSeconds(86_400L * 365);
        for (Iterator<GeneratedBundle> it = city.bundles(); it.hasNext(); ) {
            GeneratedBundle bundle = it.next();
            long sourceId = sourceIds.computeIfAbsent(bundle.sourceCode(), code -> (long) sourceIds.size() + 1);
            for (JsonNode entry : read(mapper, bundle.json()).path("entry")) {
                JsonNode resource = entry.path("resource");
                String type = resource.path("resourceType").asText();
                String id = resource.path("id").asText();
                String patientId = type.equals("Patient") ? id : patientOf(resource);
                Integer resident = patientId == null ? null : residentOfPatient.get(patientId);
                if (resident == null) {
                    continue;
                }
                stored = stored.plusSeconds(1);
                byResident.computeIfAbsent(resident, k -> new ArrayList<>()).add(new StoredResource(type, id, 1, false,
                        resident, stored, sourceId, id, 1L, write(mapper, resource)));
            }
        }
        List<Resident> result = new ArrayList<>();
        truths.forEach((index, truth) -> result.add(new Resident(truth, byResident.getOrDefault(index, List.of()))));
        return result;
    }

    private static String patientOf(JsonNode resource) {
        for (String field : new String[] {"subject", "patient"}) {
            String reference = resource.path(field).path("reference").textValue();
            if (reference != null && reference.startsWith("Patient/")) {
                return reference.substring("Patient/".length());
            }
        }
        return null;
    }

    private static JsonNode read(ObjectMapper mapper, byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(ObjectMapper mapper, JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
