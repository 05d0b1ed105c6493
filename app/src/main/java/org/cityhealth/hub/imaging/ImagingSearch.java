package org.cityhealth.hub.imaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.dicom.DicomFile;
import org.cityhealth.dicom.DicomJson;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.springframework.stereotype.Component;

/**
 * Study, series and instance searches as QIDO-RS (PS3.18 10.6) and C-FIND (PS3.4 C) answer them: one match per study,
 * series or instance the reader may see, in the DICOM JSON model, with what the ledger records of it.
 */
@Component
class ImagingSearch {

    /** Studies read at once with their instances (two queries a chunk instead of one per study; a page is never held whole). */
    private static final int STUDIES_AT_ONCE = 50;

    private final InstanceIndex index;
    private final InstanceObjects objects;
    private final ObjectMapper mapper = new ObjectMapper();

    ImagingSearch(InstanceIndex index, InstanceObjects objects) {
        this.index = index;
        this.objects = objects;
    }

    /** A study, series or instance found: its attributes, the instances it stands for and the ledger's record of it. */
    record Match(ObjectNode attributes, List<Instance> instances, LedgerEvent.Touched touched) {
    }

    List<Match> studies(QidoQuery query, ImagingAccess.Reader reader, String baseUrl) {
        List<Match> matches = new ArrayList<>();
        int skipped = 0;
        int scanned = 0;
        while (true) {
            List<String> uids = index.searchStudies(query.where(), query.args(), STUDIES_AT_ONCE, scanned);
            scanned += uids.size();
            Map<String, List<Instance>> studies = index.ofStudies(uids);
            for (String uid : uids) {
                List<Instance> visible = reader.visible(studies.get(uid));
                if (visible.isEmpty() || skipped++ < query.offset()) {
                    continue;
                }
                ObjectNode study = QidoJson.study(visible, baseUrl);
                include(study, query.includes(), visible.getFirst());
                matches.add(new Match(study, visible, LedgerEvent.Touched.of("DICOM/" + uid, bytes(study))));
                if (matches.size() >= query.limit()) {
                    return matches;
                }
            }
            if (uids.size() < STUDIES_AT_ONCE) {
                return matches;
            }
        }
    }

    /** The series of one study; refused ({@link ImagingAccess.RefusedException}) when the reader may see none of it. */
    List<Match> series(QidoQuery query, ImagingAccess.Reader reader, String study, String baseUrl) {
        List<Instance> visible = reader.require(index.ofStudy(study, null), "study " + study);
        Set<String> matching = new LinkedHashSet<>();
        index.search(query.where(), query.args(), Integer.MAX_VALUE, 0).forEach(instance -> matching.add(instance.seriesUid()));
        return QidoJson.group(visible, Instance::seriesUid).entrySet().stream().filter(series -> matching.contains(series.getKey()))
                .skip(query.offset()).limit(query.limit()).map(series -> {
                    ObjectNode node = QidoJson.series(series.getValue(), baseUrl);
                    include(node, query.includes(), series.getValue().getFirst());
                    return new Match(node, series.getValue(), LedgerEvent.Touched.of("DICOM/" + study + "/" + series.getKey(), bytes(node)));
                }).toList();
    }

    /** Instances, within a study or series when given (refused when the reader may see none of it). */
    List<Match> instances(QidoQuery query, ImagingAccess.Reader reader, String study, String series, String baseUrl) {
        if (study != null) {
            reader.require(series == null ? index.ofStudy(study, null) : index.ofStudy(study, series),
                    series == null ? "study " + study : "series " + series);
        }
        List<Match> matches = new ArrayList<>();
        int skipped = 0;
        int scanned = 0;
        int chunk = Math.max(query.limit(), 200);
        while (true) {
            List<Instance> rows = index.search(query.where(), query.args(), chunk, scanned);
            scanned += rows.size();
            for (Instance instance : reader.visible(rows)) {
                if (skipped++ < query.offset()) {
                    continue;
                }
                ObjectNode node = QidoJson.instance(instance, baseUrl, study == null);
                include(node, query.includes(), instance);
                matches.add(new Match(node, List.of(instance), ImagingAccess.touched(instance)));
                if (matches.size() >= query.limit()) {
                    return matches;
                }
            }
            if (rows.size() < chunk) {
                return matches;
            }
        }
    }

    /**
     * Adds the {@code includefield} attributes the index does not hold, read from the stored header of
     * {@code representative} (for a study or series, its first instance): only when asked, as it reads the object.
     */
    private void include(ObjectNode node, QidoQuery.Includes includes, Instance representative) {
        if (!includes.beyond(node)) {
            return;
        }
        try {
            JsonNode header = mapper.readTree(DicomJson.toJson(DicomFile.read(objects.read(representative)).dataset()));
            header.properties().forEach(attribute -> {
                if (!node.has(attribute.getKey()) && includes.includes(Integer.parseUnsignedInt(attribute.getKey(), 16))) {
                    node.set(attribute.getKey(), attribute.getValue());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("the stored header of " + representative.sopInstanceUid() + " cannot be read", e);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
