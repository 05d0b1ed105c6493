package org.cityhealth.hub.imaging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cityhealth.dicom.PersonName;
import org.cityhealth.dicom.Tag;

/**
 * QIDO-RS answers in the DICOM JSON model (PS3.18 F.2) from index rows: study, series and instance attributes,
 * with the counts, ModalitiesInStudy and RetrieveURL computed over the instances the caller may see.
 */
final class QidoJson {

    /** AvailableTransferSyntaxUID (0008,3002): the syntax an instance is served in (as received). */
    static final int AVAILABLE_TRANSFER_SYNTAX_UID = 0x00083002;

    private QidoJson() {
    }

    static ObjectNode study(List<Instance> instances, String baseUrl) {
        Instance first = instances.getFirst();
        Attributes attributes = new Attributes();
        patientAndStudy(attributes, first);
        Set<String> modalities = new LinkedHashSet<>();
        Set<String> series = new LinkedHashSet<>();
        for (Instance instance : instances) {
            if (instance.modality() != null) {
                modalities.add(instance.modality());
            }
            series.add(instance.seriesUid());
        }
        attributes.text(Tag.ModalitiesInStudy, "CS", modalities.toArray(String[]::new));
        attributes.number(Tag.NumberOfStudyRelatedSeries, "IS", series.size());
        attributes.number(Tag.NumberOfStudyRelatedInstances, "IS", instances.size());
        attributes.text(Tag.RetrieveURL, "UR", baseUrl + "/studies/" + first.studyUid());
        return attributes.json();
    }

    static ObjectNode series(List<Instance> instances, String baseUrl) {
        Instance first = instances.getFirst();
        Attributes attributes = new Attributes();
        attributes.text(Tag.StudyInstanceUID, "UI", first.studyUid());
        seriesAttributes(attributes, first);
        attributes.number(Tag.NumberOfSeriesRelatedInstances, "IS", instances.size());
        attributes.text(Tag.RetrieveURL, "UR", baseUrl + "/studies/" + first.studyUid() + "/series/" + first.seriesUid());
        return attributes.json();
    }

    static ObjectNode instance(Instance instance, String baseUrl, boolean withStudyAndSeries) {
        Attributes attributes = new Attributes();
        if (withStudyAndSeries) {
            patientAndStudy(attributes, instance);
            seriesAttributes(attributes, instance);
        } else {
            attributes.text(Tag.StudyInstanceUID, "UI", instance.studyUid());
            attributes.text(Tag.SeriesInstanceUID, "UI", instance.seriesUid());
        }
        attributes.text(Tag.SOPClassUID, "UI", instance.sopClassUid());
        attributes.text(Tag.SOPInstanceUID, "UI", instance.sopInstanceUid());
        if (instance.instanceNumber() != null) {
            attributes.number(Tag.InstanceNumber, "IS", instance.instanceNumber());
        }
        if (instance.frameCount() != null) {
            attributes.number(Tag.NumberOfFrames, "IS", instance.frameCount());
        }
        attributes.text(AVAILABLE_TRANSFER_SYNTAX_UID, "UI", instance.transferSyntaxUid());
        attributes.text(Tag.RetrieveURL, "UR", baseUrl + "/studies/" + instance.studyUid() + "/series/" + instance.seriesUid()
                + "/instances/" + instance.sopInstanceUid());
        return attributes.json();
    }

    /** Rows grouped by a key in the order they come. */
    static <K> Map<K, List<Instance>> group(List<Instance> instances, java.util.function.Function<Instance, K> key) {
        Map<K, List<Instance>> groups = new LinkedHashMap<>();
        instances.forEach(instance -> groups.computeIfAbsent(key.apply(instance), k -> new ArrayList<>()).add(instance));
        return groups;
    }

    private static void patientAndStudy(Attributes attributes, Instance first) {
        attributes.text(Tag.StudyDate, "DA", first.studyDate());
        attributes.text(Tag.StudyTime, "TM", first.studyTime());
        attributes.text(Tag.AccessionNumber, "SH", first.accessionNumber());
        attributes.name(Tag.ReferringPhysicianName, first.referringPhysician());
        attributes.name(Tag.PatientName, first.patientName());
        attributes.text(Tag.PatientID, "LO", first.patientId());
        attributes.text(Tag.PatientBirthDate, "DA", first.patientBirthDate());
        attributes.text(Tag.PatientSex, "CS", first.patientSex());
        attributes.text(Tag.StudyInstanceUID, "UI", first.studyUid());
        attributes.text(Tag.StudyID, "SH", first.studyId());
        attributes.text(Tag.StudyDescription, "LO", first.studyDescription());
    }

    private static void seriesAttributes(Attributes attributes, Instance first) {
        attributes.text(Tag.Modality, "CS", first.modality());
        attributes.text(Tag.SeriesInstanceUID, "UI", first.seriesUid());
        if (first.seriesNumber() != null) {
            attributes.number(Tag.SeriesNumber, "IS", first.seriesNumber());
        }
        attributes.text(Tag.SeriesDescription, "LO", first.seriesDescription());
        attributes.text(Tag.BodyPartExamined, "CS", first.bodyPart());
    }

    /** One data set in the JSON model, attributes in tag order; an absent value is an attribute without "Value". */
    static final class Attributes {
        private final Map<Integer, ObjectNode> byTag = new TreeMap<>(Integer::compareUnsigned);

        void text(int tag, String vr, String... values) {
            ObjectNode attribute = attribute(tag, vr);
            List<String> present = values == null ? List.of() : java.util.Arrays.stream(values).filter(v -> v != null && !v.isEmpty()).toList();
            if (!present.isEmpty()) {
                ArrayNode array = attribute.putArray("Value");
                present.forEach(array::add);
            }
        }

        void number(int tag, String vr, long value) {
            attribute(tag, vr).putArray("Value").add(value);
        }

        /** A PN value as its Alphabetic, Ideographic and Phonetic groups (PS3.18 F.2.2). */
        void name(int tag, String value) {
            ObjectNode attribute = attribute(tag, "PN");
            if (value == null || value.isEmpty()) {
                return;
            }
            PersonName name = PersonName.parse(value);
            ObjectNode groups = attribute.putArray("Value").addObject();
            if (name.alphabetic() != null && !name.alphabetic().isEmpty()) {
                groups.put("Alphabetic", name.alphabetic());
            }
            if (name.ideographic() != null && !name.ideographic().isEmpty()) {
                groups.put("Ideographic", name.ideographic());
            }
            if (name.phonetic() != null && !name.phonetic().isEmpty()) {
                groups.put("Phonetic", name.phonetic());
            }
        }

        void sequence(int tag, List<ObjectNode> items) {
            ArrayNode array = attribute(tag, "SQ").putArray("Value");
            items.forEach(array::add);
        }

        private ObjectNode attribute(int tag, String vr) {
            ObjectNode attribute = JsonNodeFactory.instance.objectNode();
            attribute.put("vr", vr);
            byTag.put(tag, attribute);
            return attribute;
        }

        ObjectNode json() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            byTag.forEach((tag, attribute) -> json.set(String.format("%08X", tag), attribute));
            return json;
        }
    }
}
