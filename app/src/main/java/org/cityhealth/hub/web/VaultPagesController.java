package org.cityhealth.hub.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.vault.SubmissionStatus;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.hub.vault.VaultSubmission;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The vault browser: every submission as it was received, newest first, with its hashes and outcome.
 * Filtering and paging re-render only the results table when htmx asks.
 */
@Controller
class VaultPagesController {

    private final Vault vault;
    private final SourceRegistry sources;

    VaultPagesController(Vault vault, SourceRegistry sources) {
        this.vault = vault;
        this.sources = sources;
    }

    @GetMapping("/vault")
    String vault(@ModelAttribute("filter") VaultFilter filter, Model model,
                 @RequestHeader(name = "HX-Request", required = false) String htmx,
                 @RequestHeader(name = "HX-History-Restore-Request", required = false) String historyRestore) {
        List<VaultSubmission> rows = vault.list(filter.query());
        boolean more = rows.size() > VaultFilter.PAGE_SIZE;
        List<Source> all = sources.all();
        Map<Long, Source> byId = all.stream().collect(Collectors.toMap(Source::id, Function.identity()));
        model.addAttribute("submissions", more ? rows.subList(0, VaultFilter.PAGE_SIZE) : rows);
        model.addAttribute("more", more);
        model.addAttribute("sourcesById", byId);
        model.addAttribute("sources", all);
        model.addAttribute("statuses", SubmissionStatus.values());
        model.addAttribute("totals", vault.totals());
        // A filter change from htmx replaces only the results; the filter form and the totals stay as they are.
        // Going back in the browser history asks for the whole page again (htmx's history cache is off).
        return htmx != null && historyRestore == null ? "vault :: results" : "vault";
    }
}
