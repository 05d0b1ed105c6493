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

import java.nio.charset.StandardCharsets;
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
        mvc.perform(post("/fhir").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).contentType("application/fhir+json").content(broken))
                .andExpect(status().isBadRequest());

        mvc.perform(get("/sources/{code}/feeds", code).with(operator()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("接入通道 · 接入测试医院"), containsString("data-format=\"FHIR_JSON\""),
                        containsString("最近被拒收的报文"), containsString("malformed JSON"), containsString("DICOM（C-STORE / C-ECHO）"),
                        containsString("生命体征（MQTT）"), containsString("cityhealth/vitals/" + code + "/&lt;device&gt;"))));
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

    /** Export entries on record, published or still in the outbox (an entry is in exactly one of the two). */
    private long exports() {
        return jdbc.queryForObject("""
                select (select count(*) from ledger_entry where action = 'vault.export' and actor = 'admin')
                     + (select count(*) from ledger_outbox where action = 'vault.export' and actor = 'admin')""", Long.class);
    }
}
