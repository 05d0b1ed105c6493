package org.cityhealth.hub.clinic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.cityhealth.hub.clinic.EmergencySummary.Item;
import org.cityhealth.hub.clinic.EmergencySummary.Item.Kind;
import org.cityhealth.hub.store.StoredResource;

/**
 * Publishes an {@link EmergencySummary} as an International Patient Summary–style FHIR R4 document Bundle: a
 * Composition whose sections list the summary's items, the newest Patient, and every resource a section refers to,
 * embedded as stored. Built as a JSON tree rather than with HAPI's model, which would cost most of the emergency
 * request's 100 ms budget on a long record.
 *
 * <p>Section entries are relative references ({@code Condition/42}); every embedded resource's {@code fullUrl} is
 * {@code baseUrl/Type/id}, and the Composition's is {@code baseUrl/Composition/<uuid>} so that those relative
 * references resolve inside the Bundle as FHIR's rules say. The Composition itself is not stored: reading that URL
 * finds nothing.
 *
 * <p>Thread-safe.
 */
public final class IpsDocuments {

    static final String LOINC = "http://loinc.org";
    /** The traffic light's code system; codes {@code red}, {@code amber}, {@code green}. */
    static final String LIGHT_SYSTEM = "urn:cityhealth:emergency-light";
    /** The Composition extension carrying the traffic light, so that a client need not recompute it. */
    static final String LIGHT_EXTENSION = "urn:cityhealth:fhir:extension:emergency-light";
    static final String EMPTY_REASON_SYSTEM = "http://terminology.hl7.org/CodeSystem/list-empty-reason";
    private static final String XHTML = "http://www.w3.org/1999/xhtml";

    /** The IPS sections this document fills, with the summary items each one lists. */
    private enum Section {
        ALLERGIES("48765-2", "Allergies and adverse reactions Document", "Allergies and Intolerances / 过敏和不耐受",
                true, EnumSet.of(Kind.ALLERGY)),
        MEDICATIONS("10160-0", "History of Medication use Narrative", "Medication Summary / 用药摘要", true,
                EnumSet.of(Kind.HIGH_RISK_DRUG, Kind.MEDICATION)),
        PROBLEMS("11450-4", "Problem list - Reported", "Problem List / 问题列表", true,
                EnumSet.of(Kind.CRITICAL_CONDITION, Kind.CHRONIC_CONDITION)),
        PROCEDURES("47519-4", "History of Procedures Document", "History of Procedures / 近期手术", false,
                EnumSet.of(Kind.RECENT_SURGERY)),
        DEVICES("46264-8", "History of medical device use", "Medical Devices / 植入器械", false,
                EnumSet.of(Kind.DEVICE)),
        RESULTS("30954-2", "Relevant diagnostic tests/laboratory data Narrative", "Results / 检查结果", false,
                EnumSet.noneOf(Kind.class));

        final String code;
        final String display;
        final String title;
        /** The IPS requires the section; when empty it says why instead of being left out. */
        final boolean required;
        final Set<Kind> kinds;

        Section(String code, String display, String title, boolean required, Set<Kind> kinds) {
            this.code = code;
            this.display = display;
            this.title = title;
            this.required = required;
            this.kinds = kinds;
        }
    }

    /**
     * The document for {@code summary}.
     *
     * @param summary   the summary made from {@code resources}
     * @param resources the resources the summary was made from; those its items refer to are embedded
     * @param baseUrl   the FHIR base URL the resources are read from, without a trailing slash
     * @param now       the document's timestamp
     * @return the Bundle as UTF-8 JSON
     */
    public byte[] document(EmergencySummary summary, List<StoredResource> resources, String baseUrl, Instant now) {
        requireNonNull(summary, "summary is null");
        requireNonNull(resources, "resources is null");
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(now, "now is null");
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String timestamp = now.truncatedTo(ChronoUnit.MILLIS).toString();

        Map<String, StoredResource> byReference = new HashMap<>();
        BloodGroups bloodGroups = new BloodGroups();
        for (StoredResource resource : resources) {
            if (resource.deleted()) {
                continue;
            }
            byReference.put(FhirNodes.reference(resource), resource);
            if (BloodGroups.mayBeTyping(resource)) {
                JsonNode body = FhirNodes.parse(resource);
                if (body != null) {
                    bloodGroups.offer(resource, body);
                }
            }
        }
        // Embedded resources by reference, in the order the sections first name them.
        Map<String, JsonNode> embedded = new LinkedHashMap<>();
        StoredResource patient = newestReadablePatient(resources, embedded);

        ObjectNode composition = FhirNodes.MAPPER.createObjectNode();
        String compositionId = UUID.randomUUID().toString();
        composition.put("resourceType", "Composition");
        composition.put("id", compositionId);
        composition.set("text", narrative(overview(summary)));
        ObjectNode light = composition.putArray("extension").addObject();
        light.put("url", LIGHT_EXTENSION);
        ObjectNode lightValue = light.putObject("valueCodeableConcept");
        coding(lightValue.putArray("coding"), LIGHT_SYSTEM, summary.light().name().toLowerCase(Locale.ROOT),
                switch (summary.light()) {
                    case RED -> "Red";
                    case AMBER -> "Amber";
                    case GREEN -> "Green";
                });
        lightValue.put("text", summary.light().name());
        composition.put("status", "final");
        coding(composition.putObject("type").putArray("coding"), LOINC, "60591-5", "Patient summary Document");
        if (patient != null) {
            ObjectNode subject = composition.putObject("subject");
            subject.put("reference", FhirNodes.reference(patient));
            if (summary.patientName() != null) {
                subject.put("display", summary.patientName());
            }
        }
        composition.put("date", timestamp);
        ObjectNode author = composition.putArray("author").addObject();
        author.put("type", "Device");
        author.put("display", "CityHealth Hub");
        composition.put("title", "Patient Summary / 患者摘要");

        ArrayNode sections = composition.putArray("section");
        for (Section section : Section.values()) {
            if (section == Section.RESULTS) {
                results(sections, summary.bloodType(), bloodGroups.references(), byReference, embedded);
            } else {
                section(sections, section, items(summary, section), byReference, embedded);
            }
        }

        ObjectNode bundle = FhirNodes.MAPPER.createObjectNode();
        String bundleId = UUID.randomUUID().toString();
        bundle.put("resourceType", "Bundle");
        bundle.put("id", bundleId);
        ObjectNode identifier = bundle.putObject("identifier");
        identifier.put("system", "urn:ietf:rfc:3986");
        identifier.put("value", "urn:uuid:" + bundleId);
        bundle.put("type", "document");
        bundle.put("timestamp", timestamp);
        ArrayNode entries = bundle.putArray("entry");
        ObjectNode first = entries.addObject();
        first.put("fullUrl", base + "/Composition/" + compositionId);
        first.set("resource", composition);
        for (Map.Entry<String, JsonNode> resource : embedded.entrySet()) {
            ObjectNode entry = entries.addObject();
            entry.put("fullUrl", base + "/" + resource.getKey());
            entry.set("resource", resource.getValue());
        }
        try {
            return FhirNodes.MAPPER.writeValueAsBytes(bundle);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** The newest Patient whose body is readable, embedded first; null when there is none. */
    private static StoredResource newestReadablePatient(List<StoredResource> resources, Map<String, JsonNode> embedded) {
        List<StoredResource> patients = resources.stream()
                .filter(resource -> resource.type().equals("Patient") && !resource.deleted())
                .sorted(Comparator.comparing(StoredResource::lastUpdated).reversed())
                .toList();
        for (StoredResource patient : patients) {
            JsonNode body = FhirNodes.parse(patient);
            if (body != null) {
                embedded.put(FhirNodes.reference(patient), body);
                return patient;
            }
        }
        return null;
    }

    private static List<Item> items(EmergencySummary summary, Section section) {
        return Stream.concat(summary.red().stream(), summary.amber().stream())
                .filter(item -> section.kinds.contains(item.kind()))
                .toList();
    }

    private static void section(ArrayNode sections, Section section, List<Item> items,
                                Map<String, StoredResource> byReference, Map<String, JsonNode> embedded) {
        if (items.isEmpty() && !section.required) {
            return;
        }
        ObjectNode node = start(sections, section);
        if (items.isEmpty()) {
            node.set("text", narrative("<p>No information available / 无可用信息</p>"));
            ObjectNode reason = node.putObject("emptyReason");
            coding(reason.putArray("coding"), EMPTY_REASON_SYSTEM, "unavailable", "Unavailable");
            return;
        }
        StringBuilder list = new StringBuilder("<ul>");
        for (Item item : items) {
            list.append("<li>").append(escape(item.text()));
            if (item.code() != null) {
                list.append(" [").append(escape(item.code())).append(']');
            }
            if (item.date() != null) {
                list.append(", ").append(item.date());
            }
            if (item.kind() == Kind.HIGH_RISK_DRUG) {
                list.append(" (high-risk / 高危药品)");
            }
            list.append("</li>");
        }
        node.set("text", narrative(list.append("</ul>").toString()));
        entries(node, items.stream().map(Item::reference).toList(), byReference, embedded);
    }

    private static void results(ArrayNode sections, String bloodType, List<String> references,
                                Map<String, StoredResource> byReference, Map<String, JsonNode> embedded) {
        if (bloodType == null) {
            return;
        }
        ObjectNode node = start(sections, Section.RESULTS);
        node.set("text", narrative("<p>ABO and Rh group / 血型: " + escape(bloodType) + "</p>"));
        entries(node, references, byReference, embedded);
    }

    private static ObjectNode start(ArrayNode sections, Section section) {
        ObjectNode node = sections.addObject();
        node.put("title", section.title);
        coding(node.putObject("code").putArray("coding"), LOINC, section.code, section.display);
        return node;
    }

    /** Adds the references whose resource can be embedded; one the store no longer has is left out, not dangling. */
    private static void entries(ObjectNode section, List<String> references, Map<String, StoredResource> byReference,
                                Map<String, JsonNode> embedded) {
        ArrayNode entries = null;
        for (String reference : references) {
            JsonNode body = embedded.get(reference);
            if (body == null) {
                StoredResource resource = byReference.get(reference);
                body = resource == null ? null : FhirNodes.parse(resource);
                if (body == null) {
                    continue;
                }
                embedded.put(reference, body);
            }
            if (entries == null) {
                entries = section.putArray("entry");
            }
            entries.addObject().put("reference", reference);
        }
    }

    private static String overview(EmergencySummary summary) {
        StringBuilder text = new StringBuilder("<p>Emergency light / 急救信号灯: <b>")
                .append(summary.light()).append("</b></p>");
        if (summary.patientName() != null) {
            text.append("<p>").append(escape(summary.patientName())).append("</p>");
        }
        if (summary.bloodType() != null) {
            text.append("<p>ABO and Rh group / 血型: ").append(escape(summary.bloodType())).append("</p>");
        }
        return text.toString();
    }

    private static ObjectNode narrative(String xhtmlContent) {
        ObjectNode text = FhirNodes.MAPPER.createObjectNode();
        text.put("status", "generated");
        text.put("div", "<div xmlns=\"" + XHTML + "\">" + xhtmlContent + "</div>");
        return text;
    }

    private static void coding(ArrayNode codings, String system, String code, String display) {
        ObjectNode coding = codings.addObject();
        coding.put("system", system);
        coding.put("code", code);
        coding.put("display", display);
    }

    /** Text for XHTML: markup characters escaped, and characters XML cannot carry at all dropped. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
