package org.cityhealth.hub.imaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.cityhealth.dicom.Dataset;
import org.cityhealth.dicom.Status;
import org.cityhealth.dicom.Tag;
import org.cityhealth.dicom.TransferSyntax;
import org.cityhealth.hub.ingest.FeedResult;
import org.cityhealth.hub.ingest.FhirIngest;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.StoredResource;
import org.cityhealth.hub.vault.PayloadTooLargeException;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.hub.vault.VaultSubmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Takes in one DICOM instance, whichever way it came (STOW-RS, C-STORE): the Part 10 bytes go to the vault and
 * through {@link DicomConverter} (its Patient), then to the object store (hot) and the index. The same SOP instance
 * again, in the same bytes or another encoding, is answered as stored and indexed once. The caller rebuilds the
 * studies it touched ({@link StudyUpdates}).
 */
@Service
class InstanceIngest {

    private static final Logger log = LoggerFactory.getLogger(InstanceIngest.class);

    /**
     * What became of an instance. {@code dicomStatus} is 0 when stored (also when it was stored before), else the
     * failure status for C-STORE and STOW-RS's FailureReason; UIDs are null when they could not be read.
     */
    record Outcome(int dicomStatus, String reason, String studyUid, String seriesUid, String sopClassUid, String sopInstanceUid,
                   boolean alreadyStored) {
        boolean stored() {
            return dicomStatus == Status.SUCCESS;
        }

        StudyUpdates.StudyKey study(long sourceId) {
            return new StudyUpdates.StudyKey(sourceId, studyUid);
        }
    }

    /** STOW-RS FailureReason (PS3.18 Table 10.5.3-3): the transfer syntax is not one the hub reads. */
    static final int TRANSFER_SYNTAX_NOT_SUPPORTED = 0xC122;

    private final FhirIngest ingest;
    private final InstanceIndex index;
    private final InstanceObjects objects;
    private final ResourceStore store;
    private final Vault vault;
    private final SourceRegistry sources;
    private final StudyUpdates studies;
    private final Counter stored;
    private final Counter refused;

    InstanceIngest(FhirIngest ingest, InstanceIndex index, InstanceObjects objects, ResourceStore store, Vault vault, SourceRegistry sources,
                   StudyUpdates studies, MeterRegistry meters) {
        this.ingest = ingest;
        this.index = index;
        this.objects = objects;
        this.store = store;
        this.vault = vault;
        this.sources = sources;
        this.studies = studies;
        this.stored = meters.counter("cityhealth.imaging.instances", "outcome", "stored");
        this.refused = meters.counter("cityhealth.imaging.instances", "outcome", "refused");
    }

    Outcome ingest(Source source, byte[] raw) {
        FeedResult result;
        try {
            result = ingest.submitFeed(source, new ByteArrayInputStream(raw), SubmissionFormat.DICOM, "application/dicom");
        } catch (PayloadTooLargeException e) {
            return refused(raw, Status.OUT_OF_RESOURCES, e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("DICOM instance from {} could not be received", source.code(), e);
            return refused(raw, Status.PROCESSING_FAILURE, "the hub could not receive the instance");
        }
        if (!result.accepted()) {
            String reason = result.reason() != null ? result.reason() : "refused with HTTP status " + result.result().status();
            String location = result.refusal() != null ? result.refusal().location() : reason.split(":", 2)[0];
            return refused(raw, failureStatus(result.result().status(), location), reason);
        }
        try {
            return index(source, result.result().submissionId(), ParsedInstance.of(raw), raw);
        } catch (IOException | RuntimeException e) {
            // In the vault and accepted: start-up recovery indexes it from there.
            log.error("DICOM submission {} from {} is in the vault but could not be indexed", result.result().submissionId(), source.code(), e);
            return refused(raw, Status.PROCESSING_FAILURE, "the hub could not store the instance; it is kept and will be indexed later");
        }
    }

    private Outcome refused(byte[] raw, int status, String reason) {
        refused.increment();
        String[] uids = ParsedInstance.bestEffortUids(raw);
        return new Outcome(status, reason, null, null, uids[0], uids[1], false);
    }

    /** The DIMSE status (and STOW-RS FailureReason) of a refusal, from its HTTP status and the attribute it names. */
    static int failureStatus(int httpStatus, String location) {
        if (httpStatus == 415) {
            return TRANSFER_SYNTAX_NOT_SUPPORTED;
        }
        if (httpStatus == 409 || httpStatus == 413) {
            return Status.OUT_OF_RESOURCES;
        }
        if (httpStatus >= 500) {
            return Status.PROCESSING_FAILURE;
        }
        return location != null && List.of("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID", "PatientID")
                .contains(location.strip()) ? Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS : Status.CANNOT_UNDERSTAND;
    }

    /** Stores the bytes hot and adds the index row; an instance indexed already is left as it is. */
    private Outcome index(Source source, long submissionId, ParsedInstance parsed, byte[] raw) throws IOException {
        Optional<Instance> existing = index.instance(parsed.sopInstanceUid());
        if (existing.isEmpty()) {
            Dataset data = parsed.dataset();
            String patientId = DicomConverter.patientId(data);
            StoredResource patient = store.idsByToken("Patient", "identifier", DicomConverter.patientIdSystem(source), patientId, source.id())
                    .stream().findFirst().flatMap(id -> store.readCurrent(List.of(id)).stream().findFirst()).orElse(null);
            String sha256 = InstanceObjects.sha256(raw);
            String key = InstanceObjects.hotKey(parsed.studyUid(), parsed.sopInstanceUid(), sha256);
            long storedBytes = objects.putHot(key, raw);
            Instance row = new Instance(parsed.sopInstanceUid(), parsed.studyUid(), parsed.seriesUid(), parsed.sopClassUid(),
                    parsed.transferSyntaxUid(), source.id(), submissionId, patientId, patient == null ? null : patient.id(),
                    patient == null ? 0 : patient.personKey(), text(data, Tag.PatientName, 400), text(data, Tag.PatientBirthDate, 8),
                    text(data, Tag.PatientSex, 16), text(data, Tag.StudyDate, 8), text(data, Tag.StudyTime, 16),
                    text(data, Tag.AccessionNumber, 16), text(data, Tag.StudyID, 16), text(data, Tag.StudyDescription, 64),
                    text(data, Tag.ReferringPhysicianName, 400), number(data, Tag.SeriesNumber), text(data, Tag.SeriesDescription, 64),
                    text(data, Tag.Modality, 16), text(data, Tag.BodyPartExamined, 16), number(data, Tag.InstanceNumber),
                    number(data, Tag.NumberOfFrames), previewable(parsed), raw.length, storedBytes, sha256, key, 'H', Instant.now());
            if (!index.insert(row)) {
                // Another copy of the instance won the race; its object stays, this one goes unless it is the same object.
                if (index.instance(parsed.sopInstanceUid()).map(winner -> !winner.objectKey().equals(key)).orElse(true)) {
                    objects.deleteQuietly(key);
                }
                existing = index.instance(parsed.sopInstanceUid());
            }
        }
        index.received(submissionId, parsed.sopInstanceUid());
        stored.increment();
        Instance indexed = existing.orElse(null);
        return new Outcome(Status.SUCCESS, null, parsed.studyUid(), parsed.seriesUid(), parsed.sopClassUid(), parsed.sopInstanceUid(),
                indexed != null);
    }

    /**
     * Indexes accepted DICOM submissions that a crash left without their index row (the vault took them, the object
     * store or the index did not), and rebuilds their studies.
     */
    @EventListener(ApplicationReadyEvent.class)
    void recoverUnindexed() {
        List<Long> missing = index.unindexedSubmissions();
        java.util.Set<StudyUpdates.StudyKey> touched = new java.util.LinkedHashSet<>();
        for (long id : missing) {
            try {
                VaultSubmission submission = vault.byId(id).orElseThrow();
                Source source = sources.byId(submission.sourceId()).orElseThrow();
                byte[] raw;
                try (InputStream in = vault.openOriginal(submission)) {
                    raw = in.readAllBytes();
                }
                Outcome outcome = index(source, id, ParsedInstance.of(raw), raw);
                touched.add(outcome.study(source.id()));
            } catch (IOException | RuntimeException e) {
                log.error("accepted DICOM submission {} could not be indexed: {}", id, e.getMessage());
            }
        }
        studies.rebuild(touched);
        if (!missing.isEmpty()) {
            log.info("indexed {} DICOM submissions that a previous run had left out of the index", missing.size());
        }
    }

    /**
     * Whether {@link org.cityhealth.dicom.PixelPreview} renders the instance, judged from its header alone (decoding
     * every arriving image would slow C-STORE down): pixel data, native or JPEG baseline/extended, in a photometric
     * interpretation the preview knows.
     */
    static boolean previewable(ParsedInstance parsed) {
        Dataset data = parsed.dataset();
        String syntax = parsed.transferSyntaxUid();
        boolean decodable = !TransferSyntax.isEncapsulated(syntax) || TransferSyntax.JPEG_BASELINE.uid().equals(syntax)
                || TransferSyntax.JPEG_EXTENDED.uid().equals(syntax);
        String photometric = data.getString(Tag.PhotometricInterpretation, "");
        return decodable && data.contains(Tag.PixelData) && data.getInt(Tag.Rows, 0) > 0
                && (photometric.startsWith("MONOCHROME") || photometric.equals("RGB") || photometric.startsWith("YBR"));
    }

    private static String text(Dataset data, int tag, int max) {
        List<String> values = data.getStrings(tag);
        String value = String.join("\\", values).strip();
        if (value.isEmpty()) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static Integer number(Dataset data, int tag) {
        var value = data.getInt(tag);
        return value.isPresent() ? value.getAsInt() : null;
    }
}
