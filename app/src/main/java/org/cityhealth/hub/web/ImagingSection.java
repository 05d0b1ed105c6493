package org.cityhealth.hub.web;

import java.util.List;
import java.util.stream.Collectors;
import org.cityhealth.hub.imaging.ImagingPreviews;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The model of a person's imaging section (the doctor workstation's and the operators' person page): the studies
 * across hospitals with their reports, the thumbnails of those the hub holds images of and can render (the others
 * show "no preview"), and the hospitals' names. Both pages render it with the same template section.
 */
@Component
class ImagingSection {

    private final ImagingPreviews previews;
    private final SourceRegistry sources;

    ImagingSection(ImagingPreviews previews, SourceRegistry sources) {
        this.previews = previews;
        this.sources = sources;
    }

    void addTo(Model model, List<ClinicalCharts.Imaging> imaging) {
        model.addAttribute("imaging", imaging);
        model.addAttribute("previews", previews.thumbnailPaths(imaging.stream().map(ClinicalCharts.Imaging::studyUid).toList()));
        model.addAttribute("sourceNames", sources.all().stream().collect(Collectors.toMap(Source::id, Source::name)));
    }
}
