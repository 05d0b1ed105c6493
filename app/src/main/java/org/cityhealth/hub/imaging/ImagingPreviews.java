package org.cityhealth.hub.imaging;

import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Previews of studies for the web pages: the WADO-RS thumbnail URL of a study the hub holds images of and can render,
 * empty otherwise (no instances here, or only compressed syntaxes the preview cannot decode), so a page shows its
 * "no preview" state instead of a broken image. The thumbnail itself is served under the reader's own access
 * decision, like every DICOMweb read.
 */
@Service
public class ImagingPreviews {

    private final InstanceIndex index;

    ImagingPreviews(InstanceIndex index) {
        this.index = index;
    }

    /** The study's thumbnail path (relative to the hub), if the hub can render one of its instances. */
    public Optional<String> thumbnailPath(String studyUid) {
        if (studyUid == null || studyUid.isBlank()) {
            return Optional.empty();
        }
        return index.ofStudy(studyUid, null).stream().anyMatch(Instance::previewable)
                ? Optional.of("/dicomweb/studies/" + studyUid + "/thumbnail") : Optional.empty();
    }
}
