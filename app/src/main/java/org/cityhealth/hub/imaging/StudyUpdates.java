package org.cityhealth.hub.imaging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.cityhealth.hub.ingest.FhirIngest;
import org.cityhealth.hub.ingest.IngestResult;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps each source's ImagingStudy in step with the index: rebuilt from the index rows and submitted like any FHIR
 * transaction (so the Bundle is in the vault and re-derivable), right after a STOW-RS request, at the end of a DIMSE
 * association, and otherwise {@link ImagingSettings#studyDelay()} after the last instance of a study arrived. A
 * rebuild with nothing new gives the same bytes, which the vault answers as a resend without storing anything.
 */
@Component
class StudyUpdates implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StudyUpdates.class);

    record StudyKey(long sourceId, String studyUid) {
    }

    private final InstanceIndex index;
    private final FhirIngest ingest;
    private final SourceRegistry sources;
    private final ImagingSettings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("imaging-studies").daemon().factory());
    private final Map<StudyKey, ScheduledFuture<?>> due = new ConcurrentHashMap<>();
    /** Rebuilds of one study run one at a time, so the last submitted always saw the last instance. */
    private final Object[] locks = new Object[64];

    StudyUpdates(InstanceIndex index, FhirIngest ingest, SourceRegistry sources, ImagingSettings settings) {
        this.index = index;
        this.ingest = ingest;
        this.sources = sources;
        this.settings = settings;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** An instance of the study arrived: rebuild later, unless a newer instance or an explicit rebuild comes first. */
    void touched(StudyKey study) {
        due.compute(study, (key, earlier) -> {
            if (earlier != null) {
                earlier.cancel(false);
            }
            return timer.schedule(() -> rebuildQuietly(key), settings.studyDelay().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** Rebuilds the studies now (end of a STOW-RS request or a DIMSE association). */
    void rebuild(Iterable<StudyKey> studies) {
        for (StudyKey study : studies) {
            rebuildQuietly(study);
        }
    }

    private void rebuildQuietly(StudyKey study) {
        ScheduledFuture<?> pending = due.remove(study);
        if (pending != null) {
            pending.cancel(false);
        }
        try {
            rebuildNow(study);
        } catch (IOException | RuntimeException e) {
            // The index rows stay; the next instance of the study, or the next start, rebuilds it.
            log.warn("ImagingStudy {} of source {} could not be rebuilt: {}", study.studyUid(), study.sourceId(), e.getMessage());
        }
    }

    /** Builds the ImagingStudy from the index and submits it; returns the ingest result (null when nothing is indexed). */
    IngestResult rebuildNow(StudyKey study) throws IOException {
        synchronized (locks[Math.floorMod(study.hashCode(), locks.length)]) {
            List<Instance> instances = index.ofStudy(study.sourceId(), study.studyUid());
            if (instances.isEmpty()) {
                return null;
            }
            Source source = sources.byId(study.sourceId()).orElseThrow(() -> new IllegalStateException("no source " + study.sourceId()));
            IngestResult result = ingest.submitBundle(source, new ByteArrayInputStream(ImagingStudies.bundle(source, instances)),
                    "application/fhir+json", null);
            if (result.status() >= 300) {
                log.warn("ImagingStudy {} of source {} was refused ({}): {}", study.studyUid(), source.code(), result.status(),
                        new String(result.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return result;
        }
    }

    @Override
    public void destroy() {
        // Studies still due are rebuilt now rather than lost with the timer.
        List<StudyKey> pending = List.copyOf(due.keySet());
        timer.shutdownNow();
        rebuild(pending);
    }
}
