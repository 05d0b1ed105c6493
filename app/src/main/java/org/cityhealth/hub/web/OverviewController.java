package org.cityhealth.hub.web;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.hub.vault.VaultTotals;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The dashboard: KPI cards rendered on the server, chart data as JSON for ECharts. */
@Controller
class OverviewController {

    /** Days shown by the "stored per day" line. */
    static final int DAYS = 30;

    private final SourceRegistry sources;
    private final Vault vault;
    private final ResourceStore store;
    private final PersonIndex persons;
    private final MessageSource messages;

    OverviewController(SourceRegistry sources, Vault vault, ResourceStore store, PersonIndex persons, MessageSource messages) {
        this.sources = sources;
        this.vault = vault;
        this.store = store;
        this.persons = persons;
        this.messages = messages;
    }

    @GetMapping("/")
    String overview(Model model) {
        VaultTotals totals = vault.totals();
        long resources = store.countsByType().values().stream().mapToLong(Long::longValue).sum();
        model.addAttribute("kpis", new OverviewKpis(sources.all().size(), persons.personCount(), resources, totals.submissions(),
                totals.rejected(), totals.rawBytes(), totals.storedBytes()));
        model.addAttribute("days", DAYS);
        return "overview";
    }

    @GetMapping("/ui/api/overview")
    @ResponseBody
    OverviewCharts charts(Locale locale) {
        // One scan of the store: counts by type are the counts by source and type, summed over sources.
        Map<Long, Map<String, Long>> bySourceAndType = store.countsBySourceAndType();
        Map<String, Long> byType = new TreeMap<>();
        bySourceAndType.values().forEach(counts -> counts.forEach((type, count) -> byType.merge(type, count, Long::sum)));
        return OverviewCharts.of(byType, sources.all(), bySourceAndType, store.storedPerDay(DAYS),
                LocalDate.now(FhirDates.LOCAL_ZONE), DAYS, new Labels(messages, locale));
    }
}
