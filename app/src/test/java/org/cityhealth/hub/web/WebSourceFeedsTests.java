package org.cityhealth.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.vault.Receipt;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.cityhealth.hub.vault.SubmissionStatus;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.hub.vault.VaultQuery;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;

/** A source's feeds page: volumes per format, refused messages with their reasons, and the original bytes of one. */
class WebSourceFeedsTests extends WebTestSupport {

    @Autowired
    Vault vault;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRefusedMessageIsListedWithItsReasonAndItsBytesCanBeFetchedOnRecord() throws Exception {
        String token = registerSource("FEED", "接入测试医院");
        String code = sources.authenticate(token).orElseThrow().code();
        submit(token, patientWithObservation("feed-p1", "110101199003070019", "接入甲", "血红蛋白", 131, "g/L", "2026-01-05"));
        byte[] broken = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[".getBytes(StandardCharsets.UTF_8);
        mvc.perform(post("/fhir").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).contentType("application/fhir+json")
                        .content(broken))
                .andExpect(status().isBadRequest());
        // A format of the non-FHIR feeds, put in the vault directly: its label must exist for both pages listing it.
        long sourceId = sources.byCode(code).orElseThrow().id();
        try (Receipt exam = vault.receive(sourceId, new ByteArrayInputStream("体检号\nTJ-1\n".getBytes(StandardCharsets.UTF_8)), 1024,
                SubmissionFormat.EXAM_CSV, "text/csv")) {
            vault.complete(exam.submission().id(), SubmissionStatus.ACCEPTED, 200, null, null, 0);
        }

        String feeds = mvc.perform(get("/sources/{code}/feeds", code).with(operator()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("接入通道 · 接入测试医院"), containsString("data-format=\"FHIR_JSON\""),
                        containsString("最近被拒收的报文"), containsString("malformed JSON"), containsString("DICOM（C-STORE / C-ECHO）"),
                        containsString("生命体征（MQTT）"), containsString("cityhealth/vitals/" + code + "/&lt;device&gt;"))))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(feeds).doesNotContain("??");
        // Format, accepted, rejected, pending, resources: one FHIR JSON Bundle stored, one refused.
        assertThat(cells(feeds, "<tr data-format=\"FHIR_JSON\">")).startsWith("FHIR JSON", "1", "1", "0");
        assertThat(cells(feeds, "<tr data-format=\"EXAM_CSV\">")).startsWith("体检 CSV", "1", "0", "0");
        String vaultPage = mvc.perform(get("/vault").param("source", code).with(operator()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(vaultPage).contains("体检 CSV", "FHIR JSON").doesNotContain("??");
        assertThat(mvc.perform(get("/vault").param("source", code).param("lang", "en").with(operator()))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("Exam CSV").doesNotContain("??");
        mvc.perform(get("/sources").with(operator()))
                .andExpect(content().string(containsString("/sources/" + code + "/feeds")));

        var refused = vault.list(new VaultQuery(code, SubmissionStatus.REJECTED, null, null, 10, 0));
        assertThat(refused).hasSize(1);
        long id = refused.get(0).id();
        long exportsBefore = exports();
        byte[] fetched = mvc.perform(get("/admin/vault/{id}/original", id).with(operator()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", containsString("submission-" + id + ".json")))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(fetched).isEqualTo(broken);
        assertThat(exports()).isEqualTo(exportsBefore + 1);
    }

    @Test
    void onlyOperatorsSeeFeedsAndOriginals() throws Exception {
        String token = registerSource("FEEDX", "接入权限医院");
        String code = sources.authenticate(token).orElseThrow().code();
        mvc.perform(get("/sources/{code}/feeds", code).with(user("doc").roles("DOCTOR"))).andExpect(status().isForbidden());
        mvc.perform(get("/admin/vault/1/original").with(user("doc").roles("DOCTOR"))).andExpect(status().isForbidden());
        mvc.perform(get("/sources/{code}/feeds", "NO-SUCH-SOURCE").with(operator())).andExpect(status().isNotFound());
    }

    /** The texts of a table row's cells, tags dropped: the row is the first one starting with {@code rowStart}. */
    private static List<String> cells(String page, String rowStart) {
        Matcher row = Pattern.compile(Pattern.quote(rowStart) + "(.*?)</tr>", Pattern.DOTALL).matcher(page);
        assertThat(row.find()).as("a row %s", rowStart).isTrue();
        List<String> cells = new ArrayList<>();
        Matcher cell = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
        while (cell.find()) {
            cells.add(cell.group(1).replaceAll("<[^>]+>", "").strip());
        }
        return cells;
    }

    /** Export entries on record, published or still in the outbox (an entry is in exactly one of the two). */
    private long exports() {
        return jdbc.queryForObject("""
                select (select count(*) from ledger_entry where action = 'vault.export' and actor = 'admin')
                     + (select count(*) from ledger_outbox where action = 'vault.export' and actor = 'admin')""", Long.class);
    }
}
