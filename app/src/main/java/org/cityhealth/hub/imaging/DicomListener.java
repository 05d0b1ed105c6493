package org.cityhealth.hub.imaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cityhealth.dicom.AssociationRejection;
import org.cityhealth.dicom.DicomException;
import org.cityhealth.dicom.DicomServer;
import org.cityhealth.dicom.FindRequest;
import org.cityhealth.dicom.FindResult;
import org.cityhealth.dicom.MoveRequest;
import org.cityhealth.dicom.MoveResult;
import org.cityhealth.dicom.ServerConfig;
import org.cityhealth.dicom.Status;
import org.cityhealth.dicom.StoreRequest;
import org.cityhealth.dicom.Uids;
import org.cityhealth.hub.feeds.FeedListener;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The DIMSE listener: C-ECHO, C-STORE, C-FIND ({@link DicomFind}) and C-MOVE ({@link DicomMove}) on
 * {@code cityhealth.imaging.dicom-port} under the hub's AE title. The
 * calling AE title says which source a PACS is ({@code cityhealth.imaging.calling-ae}); an unknown one is rejected
 * at association time. Each C-STORE takes the same path as a STOW-RS instance: the Part 10 file (the received data
 * set bytes unchanged, behind a meta group) to the vault, the object store and the index; its studies are rebuilt a
 * moment after their last instance, since the library reports no end of association.
 */
@Component
public class DicomListener implements SmartLifecycle, FeedListener {

    private static final Logger log = LoggerFactory.getLogger(DicomListener.class);
    /** The Query/Retrieve information models served: Study Root and Patient Root, FIND and MOVE. */
    private static final Set<String> QUERY_RETRIEVE = Set.of(Uids.STUDY_ROOT_FIND, Uids.PATIENT_ROOT_FIND, Uids.STUDY_ROOT_MOVE,
            Uids.PATIENT_ROOT_MOVE);

    private final ImagingSettings settings;
    private final SourceRegistry sources;
    private final InstanceIngest ingest;
    private final StudyUpdates studies;
    private final DicomFind finder;
    private final DicomMove mover;
    private volatile DicomServer server;

    DicomListener(ImagingSettings settings, SourceRegistry sources, InstanceIngest ingest, StudyUpdates studies, DicomFind finder,
                  DicomMove mover) {
        this.settings = settings;
        this.sources = sources;
        this.ingest = ingest;
        this.studies = studies;
        this.finder = finder;
        this.mover = mover;
    }

    /** The port listened on; -1 when the listener is off or not started. */
    @Override
    public int port() {
        DicomServer running = server;
        return running == null ? -1 : running.port();
    }

    @Override
    public String kind() {
        return "feeds.kind.dicom";
    }

    @Override
    public Optional<String> endpoint() {
        int port = port();
        return port < 0 ? Optional.empty() : Optional.of(settings.aeTitle() + " @ port " + port);
    }

    /** The calling AE titles mapped to this source, or how to get one. */
    @Override
    public String howToConnect(Source source) {
        List<String> titles = settings.callingAe().entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(source.code()))
                .map(Map.Entry::getKey).sorted().toList();
        return titles.isEmpty() ? "cityhealth.imaging.calling-ae[<AE>]=" + source.code() + " (no calling AE title mapped yet)"
                : "called AE " + settings.aeTitle() + ", calling AE " + String.join(" / ", titles);
    }

    /** The called AE title the hub answers to. */
    public String aeTitle() {
        return settings.aeTitle();
    }

    @Override
    public void start() {
        if (settings.dicomPort() < 0) {
            return;
        }
        ServerConfig config = ServerConfig.of(settings.aeTitle(), this::store).withPort(settings.dicomPort())
                .withAeTitles(Set.of(settings.aeTitle()))
                .withAbstractSyntaxes(uid -> Uids.VERIFICATION.equals(uid) || Uids.isStorage(uid) || QUERY_RETRIEVE.contains(uid))
                .withFindHandler(this::find)
                .withMoveHandler(this::move)
                .withPolicy((callingAe, remote) -> source(callingAe).isPresent() ? Optional.empty()
                        : Optional.of(AssociationRejection.CALLING_AE_NOT_RECOGNIZED));
        try {
            server = DicomServer.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException("DICOM port " + settings.dicomPort() + " cannot be opened: " + e.getMessage(), e);
        }
        log.info("DICOM listener on port {} as {}; calling AE titles {}", server.port(), settings.aeTitle(), settings.callingAe().keySet());
    }

    private Optional<Source> source(String callingAe) {
        String code = settings.sourceOf(callingAe);
        return code == null ? Optional.empty() : sources.byCode(code);
    }

    private FindResult find(FindRequest request) {
        // The mapping may have changed since the association was accepted.
        return source(request.callingAeTitle()).map(source -> finder.find(source, request))
                .orElseGet(() -> FindResult.failure(Status.UNABLE_TO_PROCESS, "calling AE " + request.callingAeTitle() + " is no longer a source"));
    }

    private MoveResult move(MoveRequest request) {
        return source(request.callingAeTitle()).map(source -> mover.move(source, request))
                .orElseGet(() -> MoveResult.failure(Status.UNABLE_TO_PROCESS, "calling AE " + request.callingAeTitle() + " is no longer a source"));
    }

    private int store(StoreRequest request) {
        Optional<Source> source = source(request.callingAeTitle());
        if (source.isEmpty()) {
            // The mapping changed since the association was accepted.
            return Status.OUT_OF_RESOURCES;
        }
        byte[] part10;
        try {
            part10 = request.toPart10();
        } catch (DicomException e) {
            log.warn("C-STORE of {} from {} could not be wrapped: {}", request.sopInstanceUid(), request.callingAeTitle(), e.getMessage());
            return Status.CANNOT_UNDERSTAND;
        }
        InstanceIngest.Outcome outcome = ingest.ingest(source.get(), part10);
        if (!outcome.stored()) {
            log.info("C-STORE of {} from {} refused ({}): {}", request.sopInstanceUid(), request.callingAeTitle(),
                    Status.toString(outcome.dicomStatus()), outcome.reason());
            return outcome.dicomStatus() == InstanceIngest.TRANSFER_SYNTAX_NOT_SUPPORTED ? Status.CANNOT_UNDERSTAND : outcome.dicomStatus();
        }
        studies.touched(outcome.study(source.get().id()));
        return Status.SUCCESS;
    }

    @Override
    public void stop() {
        DicomServer running = server;
        server = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
