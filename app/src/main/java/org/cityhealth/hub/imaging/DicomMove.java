package org.cityhealth.hub.imaging;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.dicom.Dataset;
import org.cityhealth.dicom.DicomClient;
import org.cityhealth.dicom.DicomFile;
import org.cityhealth.dicom.MoveRequest;
import org.cityhealth.dicom.MoveResult;
import org.cityhealth.dicom.PresentationContext;
import org.cityhealth.dicom.Status;
import org.cityhealth.dicom.Tag;
import org.cityhealth.hub.source.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * C-MOVE on the DIMSE listener (Study Root and Patient Root): the instances a hospital sent, back to one of its own AE
 * titles, byte for byte as they were received. This is how a hospital restores its PACS from the hub's copy. The calling
 * AE's source is the caller, as for {@link DicomFind}; the destination must be an AE title mapped to the same source
 * ({@code cityhealth.imaging.calling-ae}) with an address ({@code move-destinations}), so nothing can be moved to another
 * hospital. Each move is recorded in the ledger with what was sent.
 */
@Component
class DicomMove {

    private static final Logger log = LoggerFactory.getLogger(DicomMove.class);
    /** The most presentation contexts one association may propose (PS3.8: odd ids 1–255). */
    private static final int MAX_CONTEXTS = 128;

    private final ImagingSettings settings;
    private final InstanceIndex index;
    private final ImagingAccess access;
    private final InstanceObjects objects;
    private final DimseQueryGate gate;

    DicomMove(ImagingSettings settings, InstanceIndex index, ImagingAccess access, InstanceObjects objects, DimseQueryGate gate) {
        this.settings = settings;
        this.index = index;
        this.access = access;
        this.objects = objects;
        this.gate = gate;
    }

    MoveResult move(Source source, MoveRequest request) {
        return gate.run(source, request.remote(), "dimse.move", () -> moveAsCaller(source, request),
                reason -> MoveResult.failure(Status.UNABLE_TO_PROCESS, reason));
    }

    private MoveResult moveAsCaller(Source source, MoveRequest request) {
        String destination = request.moveDestination();
        String address = settings.moveDestination(destination);
        if (address == null || !source.code().equalsIgnoreCase(settings.sourceOf(destination))) {
            return MoveResult.failure(Status.MOVE_DESTINATION_UNKNOWN, "no destination " + destination + " of this source");
        }
        QidoQuery query;
        try {
            query = QidoQuery.of(uniqueKeys(request.identifier(), QueryLevel.of(request.identifier(), request.sopClassUid())), null, null)
                    .ofSource(source.id());
        } catch (IllegalArgumentException e) {
            return MoveResult.failure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, e.getMessage());
        }
        ImagingAccess.Reader reader = access.reader();
        // Every row of the source's matching instances at once: a move sends them all, and index rows are small.
        List<Instance> instances = reader.visible(index.search(query.where(), query.args(), Integer.MAX_VALUE, 0));
        // Recorded before anything leaves the hub, as WADO-RS records before it answers; the response counts what arrived.
        reader.served("dimse.move", "C-MOVE to AE " + destination + " from AE " + request.callingAeTitle(), instances,
                instances.stream().map(ImagingAccess::touched).toList());
        return send(instances, destination, address, request);
    }

    /**
     * The identifier's unique keys as search parameters: the level's own (StudyInstanceUID for STUDY, SeriesInstanceUID
     * for SERIES, SOPInstanceUID for IMAGE, PatientID for PATIENT) is required, those above it narrow the search.
     */
    private static Map<String, List<String>> uniqueKeys(Dataset identifier, QueryLevel level) {
        int required = switch (level) {
            case PATIENT -> Tag.PatientID;
            case STUDY -> Tag.StudyInstanceUID;
            case SERIES -> Tag.SeriesInstanceUID;
            case IMAGE -> Tag.SOPInstanceUID;
        };
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int key : new int[] {Tag.PatientID, Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID}) {
            List<String> values = identifier.getStrings(key).stream().map(String::strip).filter(value -> !value.isEmpty()).toList();
            if (!values.isEmpty()) {
                parameters.put(Tag.toHex(key), List.of(String.join(",", values)));
            }
        }
        if (!parameters.containsKey(Tag.toHex(required))) {
            throw new IllegalArgumentException(level + " level needs " + Tag.keyword(required));
        }
        return parameters;
    }

    /** C-STOREs the instances to the destination, each in the transfer syntax it was received in, and counts the outcomes. */
    private MoveResult send(List<Instance> instances, String destination, String address, MoveRequest request) {
        if (instances.isEmpty()) {
            return MoveResult.of(0, 0, 0);
        }
        Set<List<String>> pairs = new LinkedHashSet<>();
        instances.forEach(instance -> pairs.add(List.of(instance.sopClassUid(), instance.transferSyntaxUid())));
        List<PresentationContext> contexts = pairs.stream().limit(MAX_CONTEXTS).map(pair -> PresentationContext.of(pair.get(0), pair.get(1)))
                .toList();
        int completed = 0;
        int failed = 0;
        int warnings = 0;
        int colon = address.lastIndexOf(':');
        try (DicomClient client = DicomClient.associate(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                settings.aeTitle(), destination, contexts)) {
            for (Instance instance : instances) {
                int status;
                try {
                    status = client.store(instance.sopClassUid(), instance.sopInstanceUid(), instance.transferSyntaxUid(),
                            DicomFile.datasetBytes(objects.read(instance)), request.callingAeTitle(), request.messageId());
                } catch (IOException | RuntimeException e) {
                    // One instance that cannot be read or sent fails alone; the association goes on if it still can.
                    log.info("C-MOVE of {} to {} failed: {}", instance.sopInstanceUid(), destination, e.getMessage());
                    status = Status.PROCESSING_FAILURE;
                }
                if (Status.isFailure(status)) {
                    failed++;
                } else if (Status.isWarning(status)) {
                    warnings++;
                } else {
                    completed++;
                }
            }
            client.release();
        } catch (RuntimeException e) {
            // The destination refused the association or dropped it: what was not sent failed.
            log.info("C-MOVE to {} at {}: {}", destination, address, e.getMessage());
            failed = instances.size() - completed - warnings;
        }
        return MoveResult.of(completed, failed, warnings);
    }
}
