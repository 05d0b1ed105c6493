package org.cityhealth.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** The pages with data behind them: what a source sends shows up on the dashboard, in the vault and on the person page. */
class WebDataFlowTests extends WebTestSupport {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void overviewJsonCountsWhatASourceSent() throws Exception {
        JsonNode before = overview();
        String token = registerSource("OV", "概览测试医院");
        ResidentId resident = ResidentId.of("330106", LocalDate.of(1970, 1, 2), 11);
        submit(token, patientWithObservation("ov-p1", resident.value(), "测试甲", "HbA1c", 7.2, "%", "2025-01-10T09:10:00+08:00"));

        JsonNode after = overview();
        assertThat(typeCount(after, "Patient") - typeCount(before, "Patient")).isEqualTo(1);
        assertThat(typeCount(after, "Observation") - typeCount(before, "Observation")).isEqualTo(1);

        JsonNode bySource = after.path("bySource");
        int column = indexOf(bySource.path("sources"), "概览测试医院");
        assertThat(column).isNotNegative();
        long sent = 0;
        for (JsonNode series : bySource.path("series")) {
            sent += series.path("counts").get(column).asLong();
            if (series.path("type").asText().equals("Observation")) {
                assertThat(series.path("label").asText()).isEqualTo("检验检查");
                assertThat(series.path("counts").get(column).asLong()).isEqualTo(1);
            }
        }
        assertThat(sent).isEqualTo(2);

        JsonNode perDay = after.path("perDay");
        assertThat(perDay.path("days")).hasSize(OverviewController.DAYS);
        assertThat(perDay.path("counts")).hasSize(OverviewController.DAYS);
        long storedInWindow = 0;
        for (JsonNode count : perDay.path("counts")) {
            storedInWindow += count.asLong();
        }
        assertThat(storedInWindow).isGreaterThanOrEqualTo(2);

        // The KPI cards on the page agree with the store.
        mvc.perform(get("/").with(operator()))
                .andExpect(content().string(containsString("接收报文")));
    }

    @Test
    void overviewJsonIsLabelledInTheOperatorsLanguage() throws Exception {
        String token = registerSource("EN", "English label hospital");
        submit(token, patientWithObservation("en-p1", ResidentId.of("330106", LocalDate.of(1971, 3, 4), 21).value(), "测试乙",
                "HbA1c", 6.1, "%", "2025-02-01T08:00:00+08:00"));
        String body = mvc.perform(get("/ui/api/overview").param("lang", "en").with(operator()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode english = json.readTree(body);
        assertThat(english.path("countLabel").asText()).isEqualTo("Resources");
        assertThat(english.path("byType").findValuesAsText("label")).contains("Observation", "Patient");
    }

    @Test
    void registeringASourceThroughHtmxShowsItsTokenOnceAndRefreshesTheTable() throws Exception {
        String html = mvc.perform(post("/sources").with(operator()).with(csrf()).header("HX-Request", "true")
                        .param("code", "UI-REG-1").param("name", "界面登记医院").param("kind", "CLINIC")
                        .param("level", "一级").param("district", "西湖区"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("<html").contains("只显示这一次", "data-copy-target=\"new-token\"", "hx-swap-oob=\"true\"",
                "界面登记医院");
        String token = html.replaceAll("(?s).*<code id=\"new-token\">([^<]+)</code>.*", "$1");
        assertThat(token).startsWith("chs_");
        assertThat(sources.authenticate(token)).hasValueSatisfying(source -> assertThat(source.code()).isEqualTo("UI-REG-1"));

        // The token is never shown again.
        mvc.perform(get("/sources").with(operator()))
                .andExpect(content().string(allOf(containsString("UI-REG-1"), not(containsString(token)))));
    }

    @Test
    void registrationMistakesAreShownNextToTheirFields() throws Exception {
        mvc.perform(post("/sources").with(operator()).with(csrf()).header("HX-Request", "true")
                        .param("code", "bad code!").param("name", " "))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("编码须为 1–64 位字母"), containsString("请填写机构名称"),
                        containsString("has-error"), not(containsString("new-token")))));
        assertThat(sources.byCode("bad code!")).isEmpty();

        registerSource("DUP", "已有医院");
        String taken = sources.all().stream().filter(s -> s.name().equals("已有医院")).findFirst().orElseThrow().code();
        mvc.perform(post("/sources").with(operator()).with(csrf()).header("HX-Request", "true")
                        .param("code", taken).param("name", "另一家"))
                .andExpect(content().string(allOf(containsString("编码 " + taken + " 已被其他来源使用"), not(containsString("new-token")))));
    }

    @Test
    void registrationWithoutJavaScriptReturnsTheWholePage() throws Exception {
        mvc.perform(post("/sources").with(operator()).with(csrf()).param("code", "UI-PLAIN-1").param("name", "无脚本医院"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<html"), containsString("<h1>数据来源</h1>"),
                        containsString("new-token"))));
    }

    @Test
    void theVaultListsSubmissionsAndFiltersThemByStatusAndSource() throws Exception {
        String token = registerSource("VA", "备份库测试医院");
        String code = sources.all().stream().filter(s -> s.name().equals("备份库测试医院")).findFirst().orElseThrow().code();
        submit(token, patientWithObservation("va-p1", ResidentId.of("330106", LocalDate.of(1980, 5, 6), 31).value(), "测试丙",
                "HbA1c", 5.9, "%", "2025-03-01T08:00:00+08:00"));
        // A reference to a patient nobody sent: the vault keeps the submission, marked rejected with the reason.
        mvc.perform(post("/fhir").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).contentType("application/fhir+json")
                        .content(patientWithObservation("va-p2", ResidentId.of("330106", LocalDate.of(1981, 5, 6), 31).value(), "测试丁", "HbA1c", 6.0, "%",
                                "2025-03-01T08:00:00+08:00").replace("\"reference\":\"Patient/va-p2\"", "\"reference\":\"Patient/nobody\"")))
                .andExpect(status().isBadRequest());

        mvc.perform(get("/vault").param("source", code).with(operator()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("badge badge-ok\">已入库"), containsString("badge badge-bad\">已拒收"),
                        containsString("cannot be resolved"), containsString("SHA-256"))));

        String rejectedOnly = mvc.perform(get("/vault").param("source", code).param("status", "REJECTED")
                        .header("HX-Request", "true").with(operator()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(rejectedOnly).doesNotContain("<html").contains("id=\"vault-results\"", "badge-bad").doesNotContain("badge-ok");

        String today = LocalDate.now(org.cityhealth.hub.store.FhirDates.LOCAL_ZONE).toString();
        mvc.perform(get("/vault").param("source", code).param("from", today).param("to", today).with(operator()))
                .andExpect(content().string(containsString("badge-ok")));
        mvc.perform(get("/vault").param("source", code).param("to", "2000-01-01").with(operator()))
                .andExpect(content().string(allOf(containsString("没有符合筛选条件的报文"), not(containsString("badge-ok")))));
        // Unreadable filters are ignored, not an error.
        mvc.perform(get("/vault").param("status", "NOPE").param("from", "yesterday").param("page", "-3").with(operator()))
                .andExpect(status().isOk());
    }

    @Test
    void thePersonPageShowsTheRecordsOfTwoSourcesAsOneTimeline() throws Exception {
        String residentId = "11010519491231002X";
        String first = registerSource("PA", "杭州市第一人民医院");
        String second = registerSource("PB", "浙江省中西医结合医院");
        submit(first, patientWithObservation("p123", residentId, "王秀英", "糖化血红蛋白", 7.2, "%", "2025-01-10T09:10:00+08:00"));
        submit(second, patientWithObservation("A-0099", residentId, "王秀英", "空腹血糖", 8.4, "mmol/L", "2024-11-20T08:30:00+08:00"));

        String location = mvc.perform(get("/persons").param("q", residentId).with(operator()))
                .andExpect(redirectedUrlPattern("/persons/*"))
                .andReturn().getResponse().getRedirectedUrl();
        String html = mvc.perform(get(location).with(operator()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(html).contains("王秀英", "1101**********002X", "女", "1949-12-31",
                        "杭州市第一人民医院", "浙江省中西医结合医院", "p123", "A-0099", "身份证号一致",
                        "糖化血红蛋白", "7.2 %", "空腹血糖", "8.4 mmol/L", "2025-01-10", "2024-11-20", "--lanes: 2")
                .doesNotContain(residentId);
        // Newest day first, and each observation in its own source's lane.
        assertThat(html.indexOf("2025-01-10")).isLessThan(html.indexOf("2024-11-20"));
        assertThat(html.indexOf("杭州市第一人民医院")).isLessThan(html.indexOf("浙江省中西医结合医院"));

        // The list of persons shows them once, masked, with both sources.
        mvc.perform(get("/persons").with(operator()))
                .andExpect(content().string(allOf(containsString("1101**********002X"), not(containsString(residentId)))));
    }

    @Test
    void personSearchExplainsWhatItCouldNotFind() throws Exception {
        String unknown = ResidentId.of("440305", LocalDate.of(1990, 1, 1), 123).value();
        mvc.perform(get("/persons").param("q", unknown).with(operator()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("未找到"), containsString("4403**********"),
                        not(containsString(unknown)))));
        mvc.perform(get("/persons").param("q", "110105194912310021").with(operator()))
                .andExpect(content().string(allOf(containsString("不是有效的居民身份证号"), not(containsString("110105194912310021")))));
        mvc.perform(get("/persons").param("q", "no-such-patient").with(operator()))
                .andExpect(content().string(containsString("未找到与“no-such-patient”对应的居民档案")));
    }

    private JsonNode overview() throws Exception {
        String body = mvc.perform(get("/ui/api/overview").with(operator()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return json.readTree(body);
    }

    private static long typeCount(JsonNode overview, String type) {
        for (JsonNode entry : overview.path("byType")) {
            if (entry.path("type").asText().equals(type)) {
                return entry.path("count").asLong();
            }
        }
        return 0;
    }

    private static int indexOf(JsonNode array, String value) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).asText().equals(value)) {
                return i;
            }
        }
        return -1;
    }
}
