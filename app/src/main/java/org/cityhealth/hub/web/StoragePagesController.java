package org.cityhealth.hub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cityhealth.hub.lifecycle.StorageOverview;
import org.cityhealth.hub.store.FhirDates;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The storage operations page: what each tier holds and costs, the moves of the last days, the lifecycle policy with
 * its dry run, bulk recalls and scrubs. Everything shown comes from the lifecycle module's {@link StorageOverview};
 * starting a run or a scrub goes straight to its JSON API ({@code /admin/storage/…}) from /js/storage.js with the
 * page's CSRF token, because that API owns those actions and their refusals (a run already going, a bad date).
 * The jobs panels are htmx fragments of this page, reloaded while something runs and when the script says so.
 */
@Controller
class StoragePagesController {

    /** Days shown by the moves chart (the overview counts the same window). */
    static final int DAYS = 30;
    static final List<String> TIERS = List.of("HOT", "WARM", "COLD");
    /** The kinds of move in the order of the stacked bars: the lifecycle's own first, then recalls, repairs, purges. */
    static final List<String> MOVE_KINDS = List.of("WARM", "COLD", "RECALL", "REPAIR", "PURGE");

    /** One tier's row of the table and its KPI card. */
    record TierRow(String tier, long versions, long resources, long persons, long bytes, BigDecimal monthlyCostYuan, int bytesPercent) {
    }

    /** The KPI cards and the tier table's total line. */
    record Totals(long versions, long resources, long bytes, BigDecimal monthlyCostYuan, long archives, long damagedArchives,
                  long activeHolds) {
    }

    /** A rule of the policy, in the order it is evaluated. */
    record Rule(int position, String name, String tier) {
    }

    /** Records and bytes of one transition of a lifecycle run ("HOT→WARM"). */
    record Transition(String name, String label, long records, long bytesBefore, long bytesAfter) {
    }

    /** A lifecycle run (or dry run) as its panel and the history table show it. */
    record Run(long id, boolean dryRun, Instant asOf, String state, Instant startedAt, Instant finishedAt, long personsTotal,
               long personsDone, int percent, List<Transition> transitions, BigDecimal monthlySavingYuan, String error) {

        public boolean running() {
            return "RUNNING".equals(state);
        }

        public long records() {
            return transitions.stream().filter(t -> !"FAILED".equals(t.name())).mapToLong(Transition::records).sum();
        }

        /** Negative when the run costs more than it saves: records the policy wants hot again come back from warm and cold. */
        public String savingText() {
            return yuan(monthlySavingYuan);
        }
    }

    /** A bulk recall of a cohort. */
    record Recall(long id, String purpose, String requestedBy, String state, long persons, long done, long failed, long records,
                  int percent, double ratePerSecond, Instant hotUntil, Instant startedAt, Instant finishedAt) {

        public boolean running() {
            return "RUNNING".equals(state);
        }
    }

    /** A scrub run; {@code finishedAt} is null while it runs (or when it died half way). */
    record Scrub(long id, Instant startedAt, Instant finishedAt, long archives, long vaultObjects, long damaged, long repaired,
                 long unrepaired, String report) {
    }

    /**
     * The data behind the two charts for /js/storage.js (the CSP forbids inline data), labelled in the operator's language.
     * Every day of the window is listed, zero-filled, so quiet days show as gaps rather than vanish.
     */
    record StorageCharts(List<TierSlice> bytesByTier, List<String> days, List<MoveSeries> moves, String bytesLabel, String recordsLabel) {
    }

    record TierSlice(String tier, String label, long bytes, String size) {
    }

    /** Records moved per day of one kind (WARM, COLD, RECALL, REPAIR, PURGE), one count per day of the window. */
    record MoveSeries(String kind, String label, List<Long> counts) {
    }

    private final StorageOverview storage;
    private final WebFormats formats;
    private final ObjectMapper mapper;
    private final MessageSource messages;

    StoragePagesController(StorageOverview storage, WebFormats formats, ObjectMapper mapper, MessageSource messages) {
        this.storage = storage;
        this.formats = formats;
        this.mapper = mapper;
        this.messages = messages;
    }

    @GetMapping("/storage")
    String storage(Locale locale, Model model) {
        Map<String, Object> overview = storage.overview();
        Map<String, Object> tiers = map(overview.get("tiers"));
        List<TierRow> rows = tierRows(tiers);
        model.addAttribute("tiers", rows);
        model.addAttribute("totals", new Totals(rows.stream().mapToLong(TierRow::versions).sum(), rows.stream().mapToLong(TierRow::resources).sum(),
                rows.stream().mapToLong(TierRow::bytes).sum(),
                rows.stream().map(TierRow::monthlyCostYuan).reduce(BigDecimal.ZERO, BigDecimal::add),
                number(tiers.get("archives")), number(overview.get("damagedArchives")), number(overview.get("activeHolds"))));
        List<Rule> rules = new ArrayList<>();
        for (Object rule : list(overview.get("policy"))) {
            rules.add(new Rule(rules.size() + 1, String.valueOf(map(rule).get("name")), String.valueOf(map(rule).get("tier"))));
        }
        model.addAttribute("rules", rules);
        model.addAttribute("zone", FhirDates.LOCAL_ZONE.getId());
        model.addAttribute("days", DAYS);
        List<Run> runs = jobs(overview, new Labels(messages, locale), model);
        // The panel shows the newest run, so a run started elsewhere (scheduler, API, another operator) is visible too.
        model.addAttribute("job", runs.isEmpty() ? null : runs.get(0));
        return "storage";
    }

    /** One jobs panel on its own, for htmx: polled while a job in it runs, and reloaded after the script started one. */
    @GetMapping("/storage/{part:recalls|runs|scrubs}")
    String part(@PathVariable String part, Locale locale, Model model) {
        jobs(storage.overview(), new Labels(messages, locale), model);
        return "storage :: " + part;
    }

    @GetMapping("/ui/api/storage")
    @ResponseBody
    StorageCharts charts(Locale locale) {
        Map<String, Object> overview = storage.overview();
        Labels labels = new Labels(messages, locale);
        List<TierSlice> slices = tierRows(map(overview.get("tiers"))).stream()
                .map(row -> new TierSlice(row.tier(), labels.get("storage.tier." + row.tier(), row.tier()), row.bytes(), formats.bytes(row.bytes())))
                .toList();
        LocalDate today = LocalDate.now(FhirDates.LOCAL_ZONE);
        List<String> days = new ArrayList<>();
        for (LocalDate day = today.minusDays(DAYS - 1L); !day.isAfter(today); day = day.plusDays(1)) {
            days.add(day.toString());
        }
        Map<String, Map<String, Object>> perDay = new HashMap<>();
        for (Object row : list(overview.get("movesPerDay"))) {
            perDay.put(String.valueOf(map(row).get("day")), map(row));
        }
        List<MoveSeries> moves = new ArrayList<>();
        for (String kind : MOVE_KINDS) {
            List<Long> counts = days.stream().map(day -> number(perDay.getOrDefault(day, Map.of()).get(kind))).toList();
            moves.add(new MoveSeries(kind, labels.get("storage.move." + kind, kind), counts));
        }
        return new StorageCharts(slices, days, moves, labels.get("storage.chart.bytes", "bytes"), labels.get("storage.chart.records", "records"));
    }

    /** The models of the three jobs panels; returns the lifecycle runs, newest first. */
    private List<Run> jobs(Map<String, Object> overview, Labels labels, Model model) {
        List<Run> runs = list(overview.get("lifecycleRuns")).stream().map(view -> run(map(view), labels)).toList();
        List<Recall> recalls = list(overview.get("recalls")).stream().map(view -> recall(map(view))).toList();
        List<Scrub> scrubs = list(overview.get("scrubs")).stream().map(view -> scrub(map(view))).toList();
        model.addAttribute("runs", runs);
        model.addAttribute("runsActive", runs.stream().anyMatch(Run::running));
        model.addAttribute("recalls", recalls);
        model.addAttribute("recallsActive", recalls.stream().anyMatch(Recall::running));
        model.addAttribute("scrubs", scrubs);
        model.addAttribute("scrubsActive", scrubs.stream().anyMatch(scrub -> scrub.finishedAt() == null));
        return runs;
    }

    private static List<TierRow> tierRows(Map<String, Object> tiers) {
        long allBytes = TIERS.stream().mapToLong(tier -> number(map(tiers.get(tier)).get("bytes"))).sum();
        return TIERS.stream().map(tier -> {
            Map<String, Object> row = map(tiers.get(tier));
            long bytes = number(row.get("bytes"));
            return new TierRow(tier, number(row.get("versions")), number(row.get("resources")), number(row.get("persons")), bytes,
                    decimal(row.get("monthlyCostYuan")), percent(bytes, allBytes));
        }).toList();
    }

    private Run run(Map<String, Object> view, Labels labels) {
        List<Transition> transitions = new ArrayList<>();
        // The values are the lifecycle's own transition records; read them the way the JSON API writes them.
        map(view.get("transitions")).forEach((name, value) -> {
            Map<String, Object> t = value instanceof Map<?, ?> ? map(value) : map(mapper.convertValue(value, Map.class));
            transitions.add(new Transition(name, transition(name, labels), number(t.get("records")), number(t.get("bytesBefore")), number(t.get("bytesAfter"))));
        });
        return new Run(number(view.get("id")), Boolean.TRUE.equals(view.get("dryRun")), instant(view.get("asOf")), String.valueOf(view.get("state")),
                instant(view.get("startedAt")), instant(view.get("finishedAt")), number(view.get("personsTotal")), number(view.get("personsDone")),
                progress(view.get("progress")), transitions, decimal(view.get("monthlySavingYuan")), (String) view.get("error"));
    }

    private static Recall recall(Map<String, Object> view) {
        return new Recall(number(view.get("id")), (String) view.get("purpose"), (String) view.get("requestedBy"), String.valueOf(view.get("state")),
                number(view.get("persons")), number(view.get("done")), number(view.get("failed")), number(view.get("records")),
                progress(view.get("progress")), view.get("ratePerSecond") instanceof Number rate ? rate.doubleValue() : 0,
                instant(view.get("hotUntil")), instant(view.get("startedAt")), instant(view.get("finishedAt")));
    }

    private static Scrub scrub(Map<String, Object> view) {
        return new Scrub(number(view.get("id")), instant(view.get("startedAt")), instant(view.get("finishedAt")), number(view.get("archives")),
                number(view.get("vaultObjects")), number(view.get("damaged")), number(view.get("repaired")), number(view.get("unrepaired")),
                (String) view.get("report"));
    }

    /**
     * "HOT→COLD" as "热 → 冷". A promotion is named "→HOT" (its records come from warm and cold alike) and a batch that
     * could not move "FAILED"; /js/storage.js labels the live panel the same way.
     */
    static String transition(String name, Labels labels) {
        if ("FAILED".equals(name)) {
            return labels.get("storage.transition.FAILED", name);
        }
        String label = name.startsWith("→") ? "WARM/COLD" + name : name;
        for (String tier : TIERS) {
            label = label.replace(tier, labels.get("storage.tier.short." + tier, tier));
        }
        return label.replace("→", " → ");
    }

    /** "¥1,234.50", and "-¥0.40" rather than "¥-0.40"; a sign is only shown for an amount that is not zero at cents. */
    static String yuan(BigDecimal amount) {
        BigDecimal cents = amount.setScale(2, RoundingMode.HALF_UP);
        String text = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(cents.abs());
        return (cents.signum() < 0 ? "-¥" : "¥") + text;
    }

    /** Progress 0..1 as a whole percent that reaches 100 only when everything is done. */
    private static int progress(Object value) {
        double progress = value instanceof Number n ? n.doubleValue() : 0;
        return progress >= 1 ? 100 : (int) Math.floor(Math.max(0, progress) * 100);
    }

    private static int percent(long part, long whole) {
        return whole <= 0 ? 0 : (int) Math.round(part * 100.0 / whole);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal d ? d : value instanceof Number n ? new BigDecimal(n.toString()) : BigDecimal.ZERO;
    }

    private static Instant instant(Object value) {
        return value == null ? null : Instant.parse(value.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
