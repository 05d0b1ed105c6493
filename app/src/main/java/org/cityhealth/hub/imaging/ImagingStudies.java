package org.cityhealth.hub.imaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.store.FhirDates;

/**
 * Builds the ImagingStudy of one source's instances of a study as a transaction Bundle ({@code PUT ImagingStudy/<Study
 * Instance UID>}). A pure function of the index rows, in their stored order: the same instances give the same bytes,
 * so a rebuild with nothing new is a resend the vault recognises, and the Bundle in the vault re-derives the resource.
 */
final class ImagingStudies {

    static final String DICOM_UID_SYSTEM = "urn:dicom:uid";
    static final String MODALITY_SYSTEM = "http://dicom.nema.org/resources/ontology/DCM";
    /** The performing source (the hospital whose PACS sent the study), as its registered code. */
    static final String PERFORMER_EXTENSION = "urn:cityhealth:fhir:extension:imaging-source";
    private static final DateTimeFormatter DICOM_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ImagingStudies() {
    }

    /** The id of the ImagingStudy as the source names it: the Study Instance UID (digits and dots, a valid FHIR id). */
    static String resourceId(String studyUid) {
        return studyUid;
    }

    static byte[] bundle(Source source, List<Instance> instances) {
        Instance first = instances.getFirst();
        ObjectNode study = JsonNodeFactory.instance.objectNode();
        study.put("resourceType", "ImagingStudy");
        study.put("id", resourceId(first.studyUid()));
        study.putArray("identifier").addObject().put("system", DICOM_UID_SYSTEM).put("value", "urn:oid:" + first.studyUid());
        if (first.accessionNumber() != null) {
            ObjectNode accession = ((ArrayNode) study.get("identifier")).addObject();
            accession.putObject("type").putArray("coding").addObject().put("system", "http://terminology.hl7.org/CodeSystem/v2-0203")
                    .put("code", "ACSN");
            accession.put("value", first.accessionNumber());
        }
        study.putArray("extension").addObject().put("url", PERFORMER_EXTENSION).put("valueString", source.code());
        study.put("status", "available");
        Set<String> modalities = new LinkedHashSet<>();
        instances.forEach(instance -> modalities.add(modality(instance)));
        ArrayNode modalityArray = study.putArray("modality");
        modalities.forEach(code -> modalityArray.addObject().put("system", MODALITY_SYSTEM).put("code", code));
        // The subject is the Patient the last instance names (a corrected PatientID wins over an older one).
        study.putObject("subject").put("reference", "Patient/" + DicomConverter.patientResourceId(instances.getLast().patientId()));
        String started = started(first.studyDate(), first.studyTime());
        if (started != null) {
            study.put("started", started);
        }
        study.putObject("location").put("display", source.name());
        if (first.studyDescription() != null) {
            study.put("description", first.studyDescription());
        }
        Map<String, List<Instance>> bySeries = new LinkedHashMap<>();
        instances.forEach(instance -> bySeries.computeIfAbsent(instance.seriesUid(), uid -> new ArrayList<>()).add(instance));
        study.put("numberOfSeries", bySeries.size());
        study.put("numberOfInstances", instances.size());
        ArrayNode series = study.putArray("series");
        for (List<Instance> members : bySeries.values()) {
            series.add(series(members));
        }
        ObjectNode bundle = JsonNodeFactory.instance.objectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        ObjectNode entry = bundle.putArray("entry").addObject();
        entry.set("resource", study);
        entry.putObject("request").put("method", "PUT").put("url", "ImagingStudy/" + resourceId(first.studyUid()));
        try {
            return MAPPER.writeValueAsBytes(bundle);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode series(List<Instance> members) {
        Instance first = members.getFirst();
        ObjectNode series = JsonNodeFactory.instance.objectNode();
        series.put("uid", first.seriesUid());
        if (first.seriesNumber() != null && first.seriesNumber() >= 0) {
            series.put("number", first.seriesNumber());
        }
        series.putObject("modality").put("system", MODALITY_SYSTEM).put("code", modality(first));
        if (first.seriesDescription() != null) {
            series.put("description", first.seriesDescription());
        }
        series.put("numberOfInstances", members.size());
        if (first.bodyPart() != null) {
            BodySites.Site site = BodySites.of(first.bodyPart());
            ObjectNode bodySite = series.putObject("bodySite");
            if (site != null) {
                bodySite.put("system", BodySites.SNOMED).put("code", site.code()).put("display", site.display());
            } else {
                bodySite.put("display", first.bodyPart());
            }
        }
        String started = started(first.studyDate(), first.studyTime());
        if (started != null) {
            series.put("started", started);
        }
        ArrayNode array = series.putArray("instance");
        for (Instance instance : members) {
            ObjectNode item = array.addObject();
            item.put("uid", instance.sopInstanceUid());
            item.putObject("sopClass").put("system", "urn:ietf:rfc:3986").put("code", "urn:oid:" + instance.sopClassUid());
            if (instance.instanceNumber() != null && instance.instanceNumber() >= 0) {
                item.put("number", instance.instanceNumber());
            }
        }
        return series;
    }

    private static String modality(Instance instance) {
        return instance.modality() == null ? "OT" : instance.modality();
    }

    /** StudyDate and StudyTime as a FHIR dateTime in the city's zone; the date alone without a (valid) time; null without a date. */
    static String started(String studyDate, String studyTime) {
        LocalDate date = date(studyDate);
        if (date == null) {
            return null;
        }
        LocalTime time = time(studyTime);
        if (time == null) {
            return date.toString();
        }
        return date.atTime(time).atZone(FhirDates.LOCAL_ZONE).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static LocalDate date(String dicomDate) {
        if (dicomDate == null || dicomDate.length() != 8) {
            return null;
        }
        try {
            return LocalDate.parse(dicomDate, DICOM_DATE);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** A DICOM TM (HH, HHMM, HHMMSS, HHMMSS.FFFFFF; the old HH:MM:SS too), to the second. */
    static LocalTime time(String dicomTime) {
        if (dicomTime == null) {
            return null;
        }
        String digits = dicomTime.strip().replace(":", "");
        int dot = digits.indexOf('.');
        if (dot >= 0) {
            digits = digits.substring(0, dot);
        }
        if (!digits.matches("\\d{2}(\\d{2}(\\d{2})?)?")) {
            return null;
        }
        int hour = Integer.parseInt(digits.substring(0, 2));
        int minute = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
        int second = digits.length() >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
        return hour < 24 && minute < 60 && second < 60 ? LocalTime.of(hour, minute, second) : null;
    }
}
