package org.cityhealth.hub.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cityhealth.hub.store.StoredResource;

/**
 * Finds a person's blood group among their Observations: LOINC 882-1 (ABO and Rh group in one result) when there is
 * one, else 883-9 (ABO group) with 10331-7 (Rh type), which is how the city's laboratories report it. Of several
 * typings of the same code the one stored last wins. Offer Observations one by one, then read the result.
 */
final class BloodGroups {

    static final String LOINC = "http://loinc.org";
    static final String ABO_AND_RH = "882-1";
    static final String ABO = "883-9";
    static final String RH = "10331-7";

    /**
     * Observations are most of a person's record and blood typings a handful of them; a body that does not even
     * contain one of the codes is not parsed.
     */
    private static final List<String> CODES = List.of(ABO_AND_RH, ABO, RH);

    private record Typing(String value, String reference, Instant lastUpdated) {
    }

    private Typing aboAndRh;
    private Typing abo;
    private Typing rh;

    /** Whether the resource may be a blood typing, judged from its type and raw bytes without parsing. */
    static boolean mayBeTyping(StoredResource resource) {
        if (!resource.type().equals("Observation") || resource.deleted() || resource.body() == null) {
            return false;
        }
        return FhirNodes.mentions(resource.body(), CODES);
    }

    /** Takes the Observation into account if it is a usable blood typing. */
    void offer(StoredResource resource, JsonNode observation) {
        String status = observation.path("status").textValue();
        if ("entered-in-error".equals(status) || "cancelled".equals(status)) {
            return;
        }
        String value = FhirNodes.text(observation.path("valueCodeableConcept"));
        if (value == null) {
            value = FhirNodes.string(observation.path("valueString"));
        }
        if (value == null) {
            return;
        }
        Typing typing = new Typing(value, FhirNodes.reference(resource), resource.lastUpdated());
        for (JsonNode coding : observation.path("code").path("coding")) {
            if (!LOINC.equals(coding.path("system").textValue())) {
                continue;
            }
            switch (String.valueOf(coding.path("code").textValue())) {
                case ABO_AND_RH -> aboAndRh = newer(aboAndRh, typing);
                case ABO -> abo = newer(abo, typing);
                case RH -> rh = newer(rh, typing);
                default -> {
                }
            }
        }
    }

    /** The blood group as the laboratory wrote it ("A型 Rh阳性"), or null when the ABO group was never typed. */
    String text() {
        if (aboAndRh != null) {
            return aboAndRh.value();
        }
        if (abo == null) {
            return null;
        }
        return rh == null ? abo.value() : abo.value() + " " + rh.value();
    }

    /** The Observations {@link #text()} comes from, as {@code Type/id}. */
    List<String> references() {
        List<String> references = new ArrayList<>(2);
        if (aboAndRh != null) {
            references.add(aboAndRh.reference());
        } else if (abo != null) {
            references.add(abo.reference());
            if (rh != null) {
                references.add(rh.reference());
            }
        }
        return references;
    }

    private static Typing newer(Typing current, Typing offered) {
        return current == null || offered.lastUpdated().isAfter(current.lastUpdated()) ? offered : current;
    }
}
