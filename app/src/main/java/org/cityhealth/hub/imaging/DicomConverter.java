package org.cityhealth.hub.imaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.cityhealth.dicom.Dataset;
import org.cityhealth.dicom.PersonName;
import org.cityhealth.dicom.Tag;
import org.cityhealth.hub.identity.ResidentIdentifiers;
import org.cityhealth.hub.ingest.FeedConverter;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.cityhealth.identity.ResidentId;
import org.springframework.stereotype.Component;

/**
 * One DICOM instance → a transaction Bundle with its Patient ({@code PUT Patient/<PatientID>}). The ImagingStudy
 * cannot come from one instance (a study is many); {@link StudyUpdates} builds it from the index once the instances
 * of a request or association are in. The PatientID is the source's own patient id; an 18-character resident ID in
 * PatientID or OtherPatientIDs also becomes the resident identifier that links the Patient to its person.
 */
@Component
class DicomConverter implements FeedConverter {

    /** FHIR id syntax; other PatientIDs are hashed into one. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    @Override
    public SubmissionFormat format() {
        return SubmissionFormat.DICOM;
    }

    /** The identifier system of a source's own patient ids. */
    static String patientIdSystem(Source source) {
        return "urn:cityhealth:source:" + source.code() + ":pid";
    }

    /** The Patient id the source's PatientID becomes in the Bundle (the hub derives its own id from it). */
    static String patientResourceId(String patientId) {
        if (FHIR_ID.matcher(patientId).matches()) {
            return patientId;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(patientId.getBytes(StandardCharsets.UTF_8));
            return "pid-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PatientID of a data set, stripped; refused when empty: an image nobody can be found by is not kept. */
    static String patientId(Dataset data) {
        String id = data.getString(Tag.PatientID).map(String::strip).orElse("");
        if (id.isEmpty()) {
            throw new IngestException(400, "required", "PatientID", "PatientID is missing: the study could not be filed under a patient");
        }
        return id;
    }

    @Override
    public JsonNode toBundle(Source source, byte[] raw, String contentType) {
        ParsedInstance instance = ParsedInstance.of(raw);
        Dataset data = instance.dataset();
        String patientId = patientId(data);
        ObjectNode patient = JsonNodeFactory.instance.objectNode();
        patient.put("resourceType", "Patient");
        String id = patientResourceId(patientId);
        patient.put("id", id);
        ArrayNode identifiers = patient.putArray("identifier");
        identifiers.addObject().put("system", patientIdSystem(source)).put("value", patientId);
        residentId(data, patientId).ifPresent(resident -> identifiers.addObject().put("system", ResidentIdentifiers.SYSTEM).put("value", resident));
        data.getPersonName(Tag.PatientName).ifPresent(name -> name(patient, name));
        String sex = data.getString(Tag.PatientSex, "").strip();
        switch (sex) {
            case "M" -> patient.put("gender", "male");
            case "F" -> patient.put("gender", "female");
            case "O" -> patient.put("gender", "other");
            default -> {
            }
        }
        LocalDate birth = ImagingStudies.date(data.getString(Tag.PatientBirthDate, "").strip());
        if (birth != null) {
            patient.put("birthDate", birth.toString());
        }
        ObjectNode bundle = JsonNodeFactory.instance.objectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        ObjectNode entry = bundle.putArray("entry").addObject();
        entry.set("resource", patient);
        entry.putObject("request").put("method", "PUT").put("url", "Patient/" + id);
        return bundle;
    }

    private static java.util.Optional<String> residentId(Dataset data, String patientId) {
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(patientId);
        data.getStrings(Tag.OtherPatientIDs).forEach(other -> candidates.add(other.strip()));
        for (Dataset item : data.getSequence(Tag.OtherPatientIDsSequence)) {
            item.getString(Tag.PatientID).ifPresent(other -> candidates.add(other.strip()));
        }
        return candidates.stream().filter(value -> value.length() == 18).filter(value -> ResidentId.parse(value).isPresent()).findFirst();
    }

    /** The ideographic name (汉字) first, the name readers show; then the alphabetic one (pinyin), also kept. */
    private static void name(ObjectNode patient, PersonName name) {
        ArrayNode names = patient.putArray("name");
        if (name.ideographic() != null && !name.ideographic().isBlank()) {
            addName(names, name.ideographic(), true);
        }
        if (name.alphabetic() != null && !name.alphabetic().isBlank()) {
            addName(names, name.alphabetic(), false);
        }
        if (names.isEmpty()) {
            patient.remove("name");
        }
    }

    private static void addName(ArrayNode names, String group, boolean ideographic) {
        List<String> components = PersonName.components(group);
        String family = components.isEmpty() ? "" : components.get(0).strip();
        String given = components.size() > 1 ? components.get(1).strip() : "";
        ObjectNode name = names.addObject();
        // Chinese names are written family name first without a space; pinyin with one.
        name.put("text", ideographic ? family + given : (family + " " + given).strip());
        if (!family.isEmpty()) {
            name.put("family", family);
        }
        if (!given.isEmpty()) {
            name.putArray("given").add(given);
        }
    }
}
