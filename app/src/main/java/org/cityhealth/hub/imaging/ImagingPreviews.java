package org.cityhealth.hub.imaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Previews of studies for the web pages: the WADO-RS thumbnail URL of each study the hub holds images of and can
 * render, none for the others (no instances here, or only compressed syntaxes the preview cannot decode), so a page
 * shows its "no preview" state instead of a broken image. One query for a page's studies, not their instances. The
 * thumbnail itself is served under the reader's own access decision, like every DICOMweb read.
 */
@Service
public class ImagingPreviews {

    private final InstanceIndex index;

    ImagingPreviews(InstanceIndex index) {
        this.index = index;
    }

    /** The thumbnail paths (relative to the hub) of those of the studies the hub can render one instance of, by study UID. */
    public Map<String, String> thumbnailPaths(Collection<String> studyUids) {
        Map<String, String> paths = new HashMap<>();
        index.previewableStudies(studyUids).forEach(uid -> paths.put(uid, "/dicomweb/studies/" + uid + "/thumbnail"));
        return paths;
    }
}
