package org.cityhealth.hub.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cityhealth.hub.identity.DataQuality;
import org.cityhealth.hub.source.InvalidSourceException;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.source.SourceVolume;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The sources page: every source with its volumes, the data-quality issues found in what it sent, and a form to
 * register a new one. The new source's token is put in the response once and never stored in clear, so the page
 * says so loudly. A source's quality page lists its newest issues, for the conversation with the hospital.
 */
@Controller
class SourcePagesController {

    /** Issues listed on a source's quality page, newest first. */
    static final int QUALITY_ISSUES = 200;

    private final SourceRegistry registry;
    private final DataQuality quality;

    SourcePagesController(SourceRegistry registry, DataQuality quality) {
        this.registry = registry;
        this.quality = quality;
    }

    @GetMapping("/sources/{code}/quality")
    String quality(@PathVariable String code, Model model) {
        Source source = registry.byCode(code).orElseThrow(() -> new PageNotFoundException("source " + code));
        Map<String, Long> counts = quality.countsOfSource(source.id());
        model.addAttribute("source", source);
        model.addAttribute("counts", counts);
        model.addAttribute("total", counts.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("issues", quality.ofSource(source.id(), QUALITY_ISSUES));
        model.addAttribute("limit", QUALITY_ISSUES);
        return "source-quality";
    }

    @GetMapping("/sources")
    String sources(Model model) {
        model.addAttribute("form", SourceForm.empty());
        return page(model, false);
    }

    /** htmx posts here and swaps the form (plus, out of band, the table); without JavaScript the whole page comes back. */
    @PostMapping("/sources")
    String register(@ModelAttribute("form") SourceForm form, Model model,
                    @RequestHeader(name = "HX-Request", required = false) String htmx) {
        Map<String, String> problems = form.problems();
        if (problems.isEmpty() && registry.byCode(form.code().strip()).isPresent()) {
            problems = Map.of("code", "sources.error.duplicate");
        }
        if (problems.isEmpty()) {
            try {
                model.addAttribute("registered", registry.register(form.toNewSource()));
                model.addAttribute("form", SourceForm.empty());
            } catch (InvalidSourceException e) {
                model.addAttribute("registryError", e.getMessage());
            }
        }
        model.addAttribute("problems", problems);
        model.addAttribute("oob", htmx != null && model.containsAttribute("registered"));
        return page(model, htmx != null);
    }

    private String page(Model model, boolean fragmentOnly) {
        List<SourceVolume> volumes = registry.volumes();
        Map<Long, Map<String, Long>> issues = new LinkedHashMap<>();
        volumes.forEach(volume -> issues.put(volume.source().id(), quality.countsOfSource(volume.source().id())));
        model.addAttribute("volumes", volumes);
        model.addAttribute("quality", issues);
        model.addAttribute("kinds", SourceForm.KINDS);
        if (!model.containsAttribute("problems")) {
            model.addAttribute("problems", Map.of());
        }
        return fragmentOnly ? "sources :: registration" : "sources";
    }
}
