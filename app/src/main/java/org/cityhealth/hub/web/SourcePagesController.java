package org.cityhealth.hub.web;

import java.util.Map;
import org.cityhealth.hub.source.InvalidSourceException;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The sources page: every source with its volumes and a form to register a new one. The new source's
 * token is put in the response once and never stored in clear, so the page says so loudly.
 */
@Controller
class SourcePagesController {

    private final SourceRegistry registry;

    SourcePagesController(SourceRegistry registry) {
        this.registry = registry;
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
        model.addAttribute("volumes", registry.volumes());
        model.addAttribute("kinds", SourceForm.KINDS);
        if (!model.containsAttribute("problems")) {
            model.addAttribute("problems", Map.of());
        }
        return fragmentOnly ? "sources :: registration" : "sources";
    }
}
