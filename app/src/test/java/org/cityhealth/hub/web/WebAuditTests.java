package org.cityhealth.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.ledger.EntryProof;
import org.cityhealth.hub.ledger.LedgerQuery;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.hub.ledger.LedgerRow;
import org.cityhealth.hub.ledger.Pseudonyms;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The auditors' pages over the real ledger: the entries come from a source submitting through the FHIR API, and each
 * test waits until the sequencer has published them before it looks.
 */
class WebAuditTests extends WebTestSupport {

    @Autowired
    LedgerReader ledger;

    @Autowired
    Pseudonyms pseudonyms;

    @Autowired
    PersonIndex persons;

    @Autowired
    org.cityhealth.hub.access.AdminBootstrap bootstrap;

    @Autowired
    org.cityhealth.hub.access.AccountService accounts;

    static RequestPostProcessor auditor() {
        return user("auditor").roles("AUDITOR");
    }

    @Test
    void auditorsSearchTheLedgerByPersonInChineseAndEnglish() throws Exception {
        Stored stored = storePerson("AS", 41);
        String html = page(get("/audit").param("person", String.valueOf(stored.personKey())));
        assertThat(html).contains("<h1>审计日志</h1>", "已记入日志", "已发布", "完整性自检", "立即校验", "见证方", "未配置见证方",
                        "数据入库", "ingest.store", "身份关联", "identity.link", "badge badge-ok\">允许",
                        "href=\"/audit/entries/" + stored.entry().index() + "\"", "href=\"/audit/persons/" + stored.pseudonym() + "\"",
                        "id=\"audit-chart\"", "/js/audit.js", stored.actor())
                .doesNotContain("ingest.submission");

        // The search itself is on record, by the auditor and about the person (pseudonymised like any entry).
        LedgerRow search = awaitPublished(stored.pseudonym(), "ui.audit.search");
        assertThat(search.actor()).isEqualTo("auditor");
        assertThat(search.role()).isEqualTo("AUDITOR");

        assertThat(page(get("/audit").param("person", stored.pseudonym()).param("lang", "en")))
                .contains("<h1>Audit ledger</h1>", "Verify now", "Witnesses", "Stored", "Permitted", "Identity linked")
                .doesNotContain("立即校验", "数据入库");
    }

    @Test
    void searchResultsSwapInThroughHtmxAndPageBackwards() throws Exception {
        Stored stored = storePerson("AH", 42);
        String results = page(get("/audit").param("person", stored.pseudonym()).param("action", "ingest.").header("HX-Request", "true"));
        assertThat(results).doesNotContain("<html", "完整性自检").contains("id=\"audit-results\"", "ingest.store")
                .doesNotContain("identity.link");

        String older = page(get("/audit").param("person", stored.pseudonym()).param("before", String.valueOf(stored.entry().index())));
        assertThat(older).contains(stored.entry().index() + " 的记录", "← 最新")
                .doesNotContain("href=\"/audit/entries/" + stored.entry().index() + "\"");
        // A person the hub cannot read does not widen the search to everyone, and is not echoed back.
        assertThat(page(get("/audit").param("person", "11010519491231002X")))
                .contains("无法识别的居民标识", "没有符合条件的记录").doesNotContain("11010519491231002X");
    }

    @Test
    void theEntryPageCarriesTheEntryItsInclusionProofAndTheCheckpointForTheBrowserToCheck() throws Exception {
        Stored stored = storePerson("AE", 43);
        long index = stored.entry().index();
        EntryProof proof = ledger.entry(index).orElseThrow();
        String html = page(get("/audit/entries/{index}", index));
        assertThat(html).contains("日志记录 #" + index, "已发布", "数据入库", "报送机构", "role SOURCE", "浏览器内验证",
                        "id=\"entry-json\">" + escaped(proof.entry()) + "</pre>",
                        "id=\"checkpoint-text\">" + escaped(proof.checkpoint()) + "</pre>",
                        "data-index=\"" + index + "\"", "data-size=\"" + proof.treeSize() + "\"", "data-hash=\"SHA-256\"",
                        "/js/ledger-proof.js")
                // The CSP allows no inline script: the proof is checked by a file reading the page's text.
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
        proof.proof().forEach(hash -> assertThat(html).contains("<code>" + hash + "</code>"));

        assertThat(page(get("/audit/entries/{index}", index).param("lang", "en")))
                .contains("Log entry #" + index, "Verified in your browser", "Inclusion proof");
        // Auditors may not open the dashboard, so their error page leads back to the audit page.
        assertThat(mvc.perform(get("/audit/entries/{index}", 987_654_321L).with(auditor()).accept(MediaType.TEXT_HTML))
                .andExpect(status().isNotFound())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("页面不存在", "返回审计日志")
                .doesNotContain("返回总览");
    }

    @Test
    void thePersonHistoryShowsWhoDidWhatAndIsItselfRecorded() throws Exception {
        Stored stored = storePerson("AP", 44);
        String html = page(get("/audit/persons/{key}", stored.personKey()));
        assertThat(html).contains("谁访问了这位居民的记录", "居民档案号 #" + stored.personKey(), stored.actor(), "报送机构", "数据入库",
                "身份关联", "role SOURCE", "href=\"/audit/entries/" + stored.entry().index() + "\"");
        assertThat(page(get("/audit/persons/{pseudonym}", stored.pseudonym()).param("lang", "en")))
                .contains("Who accessed this person", "Source", "Stored", "/audit/entries/" + stored.entry().index());

        // The citizen will see that an auditor looked.
        assertThat(awaitPublished(stored.pseudonym(), "ui.audit.person").actor()).isEqualTo("auditor");
        mvc.perform(get("/audit/persons/{key}", 987_654_321L).with(auditor()).accept(MediaType.TEXT_HTML))
                .andExpect(status().isNotFound());
    }

    @Test
    void verifyNowShowsATickOnAnUntamperedLog() throws Exception {
        storePerson("AV", 45);
        String fragment = mvc.perform(post("/audit/self-check").with(auditor()).with(csrf()).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(fragment).doesNotContain("<html", "check-bad").contains("id=\"self-check\"", "check-ok", "✓", "日志完整");

        // Without JavaScript the form posts and comes back to the page, which shows the last result.
        mvc.perform(post("/audit/self-check").with(auditor()).with(csrf())).andExpect(redirectedUrl("/audit"));
        assertThat(page(get("/audit"))).contains("日志完整");
    }

    @Test
    void operatorsMayNotOpenTheAuditPagesNorSeeThemInTheMenu() throws Exception {
        for (String path : new String[] {"/audit", "/audit/entries/0", "/audit/persons/1"}) {
            mvc.perform(get(path).with(operator())).andExpect(status().isForbidden());
        }
        mvc.perform(post("/audit/self-check").with(operator()).with(csrf())).andExpect(status().isForbidden());
        assertThat(mvc.perform(get("/").with(operator())).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
                .doesNotContain("href=\"/audit\"");
    }

    @Test
    void auditorsAreShownOnlyWhatTheyMayOpen() throws Exception {
        String html = page(get("/audit"));
        assertThat(html).contains("href=\"/audit\"", ">审计</a>")
                .doesNotContain("href=\"/sources\"", "href=\"/vault\"", "href=\"/persons\"", "href=\"/fhir/metadata\"", "href=\"/\"");
        mvc.perform(get("/login").with(auditor())).andExpect(redirectedUrl("/audit"));
        for (String asset : new String[] {"/js/audit.js", "/js/ledger-proof.js"}) {
            mvc.perform(get(asset)).andExpect(status().isOk());
        }
    }

    @Test
    void thePersonPageLinksToTheAccessHistoryOnlyForAuditors() throws Exception {
        Stored stored = storePerson("AL", 46);
        String link = "href=\"/audit/persons/" + stored.personKey() + "\"";
        assertThat(mvc.perform(get("/persons/{key}", stored.personKey()).with(operator()))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8)).doesNotContain(link, "谁访问了这份档案");
        assertThat(mvc.perform(get("/persons/{key}", stored.personKey()).with(user("chief").roles("OPERATOR", "AUDITOR")))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8)).contains(link, "谁访问了这份档案");
    }

    /** A person stored by a new source, and that storage's published ledger entry. */
    record Stored(long personKey, String pseudonym, String actor, LedgerRow entry) {
    }

    private Stored storePerson(String prefix, int sequence) throws Exception {
        String token = registerSource(prefix, "审计测试医院");
        ResidentId resident = ResidentId.of("330106", LocalDate.of(1960, 1, 1).plusDays(sequence), sequence);
        submit(token, patientWithObservation(prefix.toLowerCase() + "-p1", resident.value(), "审计测试", "HbA1c", 6.5, "%",
                "2025-04-01T08:00:00+08:00"));
        long key = persons.personByResidentId(resident).orElseThrow();
        String pseudonym = pseudonyms.of(key);
        LedgerRow entry = awaitPublished(pseudonym, "ingest.store");
        return new Stored(key, pseudonym, entry.actor(), entry);
    }

    /** The newest entry of the person with that action, once a published checkpoint covers it. */
    private LedgerRow awaitPublished(String pseudonym, String action) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<LedgerRow> rows = ledger.search(new LedgerQuery(null, action, pseudonym, null, null, null, null, 1));
            if (!rows.isEmpty() && rows.getFirst().index() < ledger.publishedSize()) {
                return rows.getFirst();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no published " + action + " entry for " + pseudonym + " within 20 s");
            }
            Thread.sleep(50);
        }
    }

    /** Text as Thymeleaf escapes it: only the five HTML-special characters (the checkpoint's "—" stays as it is). */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(auditor()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void anAuditorSigningInLandsOnTheAuditPageAndAnOperatorOnTheDashboard() throws Exception {
        mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
                        .user("auditor").password(bootstrap.demoAuditorPassword()))
                .andExpect(redirectedUrl("/audit"));
        mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
                        .user("admin").password(bootstrap.demoPassword()))
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void aCitizenSeesWhoAccessedTheirOwnRecordAndOnlyTheirs() throws Exception {
        Stored mine = storePerson("CZ", 46);
        Stored someoneElse = storePerson("CY", 47);
        accounts.createCitizen("citizen-46", "a-long-password", "居民", mine.personKey());
        var citizen = user("citizen-46").roles("CITIZEN");
        mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
                .user("citizen-46").password("a-long-password")).andExpect(redirectedUrl("/my"));

        String html = mvc.perform(get("/my/access").with(citizen)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("谁访问了我的健康档案", "数据入库", mine.actor(), "href=\"/my/access/entries/" + mine.entry().index() + "\"")
                .doesNotContain(someoneElse.actor(), "href=\"/audit");
        assertThat(mvc.perform(get("/my/access/entries/{index}", mine.entry().index()).with(citizen)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("日志记录 #" + mine.entry().index(), "/js/ledger-proof.js", "返回我的访问记录");
        // Another person's entry does not exist for this citizen; operators and auditors have no citizen pages.
        mvc.perform(get("/my/access/entries/{index}", someoneElse.entry().index()).with(citizen)).andExpect(status().isNotFound());
        mvc.perform(get("/my/access").with(operator())).andExpect(status().isForbidden());
        mvc.perform(get("/my/access").with(auditor())).andExpect(status().isForbidden());
        // The citizen's look is itself on record, and an auditor sees it.
        assertThat(awaitPublished(mine.pseudonym(), "ui.citizen.access").actor()).isEqualTo("citizen-46");
    }
}
