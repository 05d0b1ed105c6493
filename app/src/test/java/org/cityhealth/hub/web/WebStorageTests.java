package org.cityhealth.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The storage operations page over the real lifecycle module: the tiers with their records, sizes and costs, the
 * policy, the charts' data, both languages, the route rule, and the page's own flows for a dry run (followed until it is
 * done, as the page's script does) and a scrub, in a signed-in browser session with the CSRF token of the page's forms.
 * Only dry runs: a real run would move the records other web tests read.
 */
class WebStorageTests extends WebTestSupport {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    AdminBootstrap admin;

    @Test
    void thePageShowsTheTiersThePolicyAndTheJobsInChinese() throws Exception {
        storeAnOldRecord("STA", 101);

        String page = page(get("/storage"));
        assertThat(page).contains("<h1>存储</h1>", "id=\"tier-table\"", "<tr data-tier=\"HOT\">", "<tr data-tier=\"WARM\">", "<tr data-tier=\"COLD\">",
                        "热存储", "温存储", "冷存储", "当前资源", "记录版本", "居民", "容量", "每月成本", "合计", "每月存储成本", "损坏的归档", "法律保全",
                        "各层容量", "近 30 天每日迁移的记录", "存储策略", "data-rule=\"emergency-elements\"", "data-rule=\"undated\"",
                        "应用策略", "评估日期（可选）", "试运行", "立即执行", "批量召回", "策略运行记录", "校验", "立即全面校验",
                        "action=\"/admin/storage/lifecycle\"", "action=\"/admin/storage/scrub\"", "name=\"_csrf\"",
                        "data-url=\"/ui/api/storage\"", "/js/storage.js", "/css/storage.css", "hx-get=\"/storage/runs\"",
                        "<a href=\"/storage\" class=\"active\">存储</a>")
                // Every script tag loads a file: the CSP would block inline code.
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>")
                .doesNotContain("storage.tier.", "??");
        // The hot tier holds this test's records: a count above zero and a size in bytes.
        Matcher hot = Pattern.compile("<tr data-tier=\"HOT\">.*?<td class=\"num\">([0-9,]+)</td>.*?<td class=\"num nowrap\"[^>]*>([0-9.]+ [KMG]?B)</td>",
                Pattern.DOTALL).matcher(page);
        assertThat(hot.find()).as(page).isTrue();
        assertThat(Long.parseLong(hot.group(1).replace(",", ""))).isGreaterThanOrEqualTo(2);
        assertThat(hot.group(2)).doesNotStartWith("0 B");

        JsonNode charts = json.readTree(page(get("/ui/api/storage")));
        assertThat(charts.path("bytesByTier")).hasSize(3);
        assertThat(charts.path("bytesByTier").findValuesAsText("label")).containsExactly("热存储", "温存储", "冷存储");
        assertThat(charts.path("bytesByTier").get(0).path("bytes").asLong()).isPositive();
        assertThat(charts.path("days")).hasSize(StoragePagesController.DAYS);
        assertThat(charts.path("days").get(StoragePagesController.DAYS - 1).asText()).isEqualTo(LocalDate.now(org.cityhealth.hub.CityZone.ZONE).toString());
        assertThat(charts.path("moves").findValuesAsText("kind")).containsExactly("WARM", "COLD", "RECALL", "REPAIR", "PURGE");
        assertThat(charts.path("moves").findValuesAsText("label")).contains("转入温存储", "归档到冷存储", "召回到热存储");
        assertThat(charts.path("moves").get(0).path("counts")).hasSize(StoragePagesController.DAYS);

        // The jobs panels come alone for htmx.
        assertThat(page(get("/storage/runs").header("HX-Request", "true"))).doesNotContain("<html").contains("id=\"runs\"");
        assertThat(page(get("/storage/recalls").header("HX-Request", "true"))).doesNotContain("<html").contains("id=\"recalls\"", "本次启动后没有批量召回");
        assertThat(page(get("/storage/scrubs").header("HX-Request", "true"))).doesNotContain("<html").contains("id=\"scrubs\"");
        mvc.perform(get("/storage/nothing").with(operator())).andExpect(status().isNotFound());
    }

    @Test
    void theLanguageSwitchTurnsThePageEnglish() throws Exception {
        String page = page(get("/storage").param("lang", "en"));
        assertThat(page).contains("<html lang=\"en\"", "<h1>Storage</h1>", "Tiers", "Hot", "Warm", "Cold", "Current resources", "Monthly storage cost",
                        "Damaged archives", "Legal holds", "Storage policy", "Dry run", "Run now", "Bulk recalls", "Policy runs", "Scrub everything now",
                        "<a href=\"/storage\" class=\"active\">Storage</a>")
                .doesNotContain("热存储", "试运行", "存储策略");
        JsonNode charts = json.readTree(page(get("/ui/api/storage").param("lang", "en")));
        assertThat(charts.path("bytesByTier").findValuesAsText("label")).containsExactly("Hot", "Warm", "Cold");
        assertThat(charts.path("moves").findValuesAsText("label")).contains("To warm", "Archived to cold");
    }

    @Test
    void thePageIsForOperatorsOnly() throws Exception {
        for (String path : new String[] {"/storage", "/storage/runs", "/ui/api/storage"}) {
            mvc.perform(get(path).accept(MediaType.TEXT_HTML)).andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("**/login"));
        }
        mvc.perform(get("/storage").with(user("auditor").roles("AUDITOR"))).andExpect(status().isForbidden());
        // Operators see it in the navigation; auditors do not.
        assertThat(page(get("/"))).contains("<a href=\"/storage\">存储</a>");
        String audit = mvc.perform(get("/audit").with(user("auditor").roles("AUDITOR"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(audit).doesNotContain("href=\"/storage\"");
    }

    @Test
    void theDryRunFormStartsAJobThatIsFollowedUntilDone() throws Exception {
        storeAnOldRecord("STD", 202);
        MockHttpSession session = signIn();
        String page = read(session, get("/storage"));
        String form = form(page, "lifecycle-form");
        String action = attribute(form, "action");
        String token = csrf(form);
        String jobUrl = attribute(between(page, "id=\"lifecycle-job\"", ">"), "data-url");
        assertThat(action).isEqualTo("/admin/storage/lifecycle");
        assertThat(jobUrl).isEqualTo("/admin/storage/lifecycle/");

        // The session's CSRF token is required: a forged post from another site is refused.
        mvc.perform(post(action).session(session).param("dryRun", "true")).andExpect(status().isForbidden());

        // What storage.js sends for "试运行": the form's fields (the token, the as-of date) and dryRun=true.
        String started = mvc.perform(post(action).session(session).param("_csrf", token).param("asOf", "2040-01-01").param("dryRun", "true")
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode job = json.readTree(started);
        long id = job.path("id").asLong();
        assertThat(job.path("dryRun").asBoolean()).isTrue();
        assertThat(job.path("asOf").asText()).isEqualTo("2039-12-31T16:00:00Z");

        // Followed as the script does, once a second (faster here), until it ends.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (job.path("state").asText().equals("RUNNING")) {
            assertThat(System.nanoTime()).as("dry run did not finish within 60 s").isLessThan(deadline);
            Thread.sleep(100);
            job = json.readTree(read(session, get(jobUrl + id).accept(MediaType.APPLICATION_JSON)));
            assertThat(job.path("progress").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.path("progress").asDouble()).isEqualTo(1.0);
        // By 2040 this test's observation of 2019 belongs to a person inactive for years: it would be archived, the Patient stays hot.
        assertThat(job.path("transitions").path("HOT→COLD").path("records").asLong()).as(job.toString()).isPositive();
        assertThat(job.path("transitions").path("HOT→COLD").path("bytesBefore").asLong()).isPositive();
        assertThat(job.path("resourcesByRule").path("demographics").asLong()).isPositive();

        // The page now shows it in the panel and in the history, done, with its transitions.
        String after = read(session, get("/storage"));
        assertThat(between(after, "id=\"lifecycle-job\"", ">")).contains("data-job=\"" + id + "\"", "data-state=\"DONE\"");
        assertThat(after).contains("<tr data-run=\"" + id + "\" data-state=\"DONE\">", "data-transition=\"HOT→COLD\"", "热 → 冷", "已完成", "每月节省",
                "试运行没有移动任何数据", "aria-valuenow=\"100\"", "progress-bar progress-done");
        assertThat(read(session, get("/storage/runs").param("lang", "en"))).contains("data-run=\"" + id + "\"", "hot → cold", "Dry run", "Done");
    }

    @Test
    void theScrubButtonRunsAScrubAndItsReportIsListed() throws Exception {
        storeAnOldRecord("STS", 303);
        MockHttpSession session = signIn();
        String form = form(read(session, get("/storage")), "scrub-form");
        assertThat(attribute(form, "action")).isEqualTo("/admin/storage/scrub");
        assertThat(form).contains("name=\"full\" value=\"true\"");

        String answer = mvc.perform(post(attribute(form, "action")).session(session).param("_csrf", csrf(form)).param("full", "true")
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode report = json.readTree(answer);
        long id = report.path("id").asLong();
        assertThat(report.path("vaultObjects").asInt()).isPositive();
        assertThat(report.path("unrepaired").asInt()).isZero();

        String scrubs = read(session, get("/storage/scrubs"));
        assertThat(scrubs).contains("data-scrub=\"" + id + "\"", "未发现问题");
    }

    @Test
    void amountsOfYuanReadLikeMoney() {
        assertThat(StoragePagesController.yuan(new java.math.BigDecimal("1234.5"))).isEqualTo("¥1,234.50");
        // A run that promotes records back to hot costs money: the sign goes before the currency, and a rounding
        // remainder below a cent is no loss.
        assertThat(StoragePagesController.yuan(new java.math.BigDecimal("-0.4"))).isEqualTo("-¥0.40");
        assertThat(StoragePagesController.yuan(new java.math.BigDecimal("-0.004"))).isEqualTo("¥0.00");
    }

    /** A patient with an observation from 2019, sent by a new source; both records land hot. */
    private void storeAnOldRecord(String prefix, int sequence) throws Exception {
        String token = registerSource(prefix, "存储页测试医院" + prefix);
        String residentId = ResidentId.of("330102", LocalDate.of(1949, 12, 31), sequence).value();
        submit(token, patientWithObservation(prefix.toLowerCase() + "-1", residentId, "存储" + prefix, "HbA1c", 6.4, "%", "2019-03-01T08:00:00+08:00"));
    }

    /** Signs in through the login form as a browser does: the session then carries the CSRF token the pages render. */
    private MockHttpSession signIn() throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user("admin").password(admin.demoPassword()))
                .andExpect(authenticated().withUsername("admin"))
                .andReturn().getRequest().getSession(false);
    }

    private String read(MockHttpSession session, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(operator())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The markup of the form with this id, from its start tag to its end. */
    private static String form(String page, String id) {
        Matcher form = Pattern.compile("<form[^>]*\\sid=\"" + id + "\"[^>]*>.*?</form>", Pattern.DOTALL).matcher(page);
        assertThat(form.find()).as("form " + id + " in " + page).isTrue();
        return form.group();
    }

    private static String attribute(String markup, String name) {
        Matcher value = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(markup);
        assertThat(value.find()).as(name + " in " + markup).isTrue();
        return value.group(1);
    }

    private static String csrf(String form) {
        Matcher token = CSRF.matcher(form);
        assertThat(token.find()).as("CSRF token in " + form).isTrue();
        return token.group(1);
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        return text.substring(from, text.indexOf(end, from + start.length()));
    }
}
