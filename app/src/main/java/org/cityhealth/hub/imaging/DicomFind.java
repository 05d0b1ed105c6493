package org.cityhealth.hub.imaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cityhealth.dicom.Dataset;
import org.cityhealth.dicom.Element;
import org.cityhealth.dicom.FindRequest;
import org.cityhealth.dicom.FindResult;
import org.cityhealth.dicom.Status;
import org.cityhealth.dicom.Tag;
import org.cityhealth.dicom.VR;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.source.Source;
import org.springframework.stereotype.Component;

/**
 * C-FIND on the DIMSE listener (Study Root and Patient Root; PATIENT, STUDY, SERIES and IMAGE levels), answered as
 * QIDO-RS answers the same query: the calling AE's source is the caller, the policy decision point decides on the route
 * and on each person (a source sees the studies it sent itself), and the ledger records what was found. A hospital's
 * PACS checks the hub's copy of its studies this way, or finds what to restore from it.
 */
@Component
class DicomFind {

    /** NumberOfPatientRelatedStudies (0020,1200). */
    static final int NUMBER_OF_PATIENT_RELATED_STUDIES = 0x00201200;
    /** Matches answered at most, as QIDO-RS's largest page. */
    private static final int MAX_MATCHES = QidoQuery.MAX_LIMIT;

    private final ImagingSearch search;
    private final ImagingAccess access;
    private final DimseQueryGate gate;

    DicomFind(ImagingSearch search, ImagingAccess access, DimseQueryGate gate) {
        this.search = search;
        this.access = access;
        this.gate = gate;
    }

    FindResult find(Source source, FindRequest request) {
        return gate.run(source, request.remote(), "dimse.find", () -> findAsCaller(source, request),
                reason -> FindResult.failure(Status.UNABLE_TO_PROCESS, reason));
    }

    private FindResult findAsCaller(Source source, FindRequest request) {
        Dataset identifier = request.identifier();
        QueryLevel level;
        try {
            level = QueryLevel.of(identifier, request.sopClassUid());
        } catch (IllegalArgumentException e) {
            return FindResult.failure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, e.getMessage());
        }
        List<String> studies = identifier.getStrings(Tag.StudyInstanceUID);
        List<String> seriesUids = identifier.getStrings(Tag.SeriesInstanceUID);
        String study = studies.size() == 1 ? studies.getFirst().strip() : "";
        String series = seriesUids.size() == 1 ? seriesUids.getFirst().strip() : "";
        if (level == QueryLevel.SERIES && study.isEmpty() || level == QueryLevel.IMAGE && (study.isEmpty() || series.isEmpty())) {
            return FindResult.failure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, level + " level needs one StudyInstanceUID"
                    + (level == QueryLevel.IMAGE ? " and one SeriesInstanceUID" : ""));
        }
        Map<String, List<String>> parameters = parameters(identifier);
        ImagingAccess.Reader reader = access.reader();
        List<ImagingSearch.Match> matches;
        try {
            // Narrowed to the source's own instances in the query itself: the reader would drop the others one by one.
            matches = switch (level) {
                case PATIENT, STUDY -> search.studies(QidoQuery.of(parameters, null, null).ofSource(source.id()), reader, "");
                case SERIES -> search.series(QidoQuery.of(parameters, study, null).ofSource(source.id()), reader, study, "");
                case IMAGE -> search.instances(QidoQuery.of(parameters, study, series).ofSource(source.id()), reader, study, series, "");
            };
        } catch (ImagingAccess.RefusedException hidden) {
            // A study or series the caller may not see is answered as one that does not exist: no matches.
            matches = List.of();
        } catch (IllegalArgumentException e) {
            return FindResult.failure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, e.getMessage());
        }
        List<Dataset> answers = new ArrayList<>();
        if (level == QueryLevel.PATIENT) {
            patients(matches, identifier, answers);
        } else {
            matches.forEach(match -> answers.add(answer(identifier, match.attributes(), level.name())));
        }
        List<Instance> instances = matches.stream().flatMap(match -> match.instances().stream()).toList();
        List<LedgerEvent.Touched> touched = matches.stream().map(ImagingSearch.Match::touched).toList();
        reader.served("dimse.find", "C-FIND " + level + " from AE " + request.callingAeTitle(), instances, touched);
        return FindResult.of(answers);
    }

    /** One answer per patient (by PatientID) of the matching studies, with the number of their studies. */
    private static void patients(List<ImagingSearch.Match> studies, Dataset identifier, List<Dataset> answers) {
        Map<String, List<ImagingSearch.Match>> byPatient = new LinkedHashMap<>();
        studies.forEach(study -> byPatient.computeIfAbsent(study.attributes().path(Tag.toHex(Tag.PatientID)).path("Value").path(0).asText(""),
                any -> new ArrayList<>()).add(study));
        byPatient.values().forEach(ofPatient -> {
            ObjectNode patient = ofPatient.getFirst().attributes().deepCopy();
            patient.putObject(Tag.toHex(NUMBER_OF_PATIENT_RELATED_STUDIES)).put("vr", "IS").putArray("Value").add(ofPatient.size());
            answers.add(answer(identifier, patient, "PATIENT"));
        });
    }

    /**
     * The search's parameters: every key with a value matches, as QIDO-RS parameters by tag (UID lists with commas), and
     * every key is asked for, so that one the index does not hold is read from the stored header.
     */
    private static Map<String, List<String>> parameters(Dataset identifier) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (Element element : identifier) {
            if (element.tag() == Tag.QueryRetrieveLevel || element.tag() == Tag.SpecificCharacterSet || !element.vr().isText()) {
                continue;
            }
            keys.add(Tag.toHex(element.tag()));
            List<String> values = identifier.getStrings(element.tag());
            if (!values.isEmpty() && !String.join("", values).isBlank()) {
                parameters.put(Tag.toHex(element.tag()), List.of(String.join(",", values)));
            }
        }
        parameters.put("limit", List.of(Integer.toString(MAX_MATCHES)));
        if (!keys.isEmpty()) {
            parameters.put("includefield", List.of(String.join(",", keys)));
        }
        return parameters;
    }

    /** The identifier's keys with the match's values (empty when it has none), in UTF-8. */
    private static Dataset answer(Dataset identifier, ObjectNode attributes, String level) {
        Dataset answer = new Dataset();
        answer.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        answer.setString(Tag.QueryRetrieveLevel, VR.CS, level);
        for (Element element : identifier) {
            int tag = element.tag();
            if (tag == Tag.QueryRetrieveLevel || tag == Tag.SpecificCharacterSet) {
                continue;
            }
            JsonNode attribute = attributes.path(Tag.toHex(tag));
            VR vr = attribute.has("vr") ? VR.valueOf(attribute.path("vr").asText()) : element.vr();
            if (!vr.isText()) {
                continue;
            }
            List<String> values = new ArrayList<>();
            if (tag != Tag.RetrieveURL) {
                attribute.path("Value").forEach(value -> values.add(value.isObject() ? personName(value) : value.asText()));
            }
            answer.setString(tag, vr, values.toArray(String[]::new));
        }
        return answer;
    }

    /** A PN value of the JSON model as DICOM writes it: its groups joined by '='. */
    private static String personName(JsonNode groups) {
        String joined = String.join("=", groups.path("Alphabetic").asText(""), groups.path("Ideographic").asText(""),
                groups.path("Phonetic").asText(""));
        return joined.replaceAll("=+$", "");
    }
}
