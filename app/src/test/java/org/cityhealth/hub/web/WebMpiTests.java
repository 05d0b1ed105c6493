package org.cityhealth.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.identity.ReviewQueue;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The person index pages over the real index: sources submit patients through the FHIR API, the hub (with no model
 * estimated yet) sends a likely pair to review, and an operator decides it, unmerges it again, reads the data-quality
 * issues of a source and runs the re-link job. The re-link estimates a model, which changes how later submissions
 * link, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebMpiTests extends WebTestSupport {

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    ReviewQueue reviews;

    @Autowired
    PersonIndex persons;

    @Test
    @Order(1)
    void aReviewerLinksAHomophoneRecordAndUnmergesItAgain() throws Exception {
        String[] first = source("MPA", "人员索引甲医院");
        String[] second = source("MPB", "人员索引乙医院");
        LocalDate birth = LocalDate.of(1983, 6, 17);
        String residentId = ResidentId.of("330105", birth, 518).value();
        submit(first[1], patientBundle("sun-x1", residentId, "孙", "丽华", "female", birth.toString(), "13790417263", "拱墅区"));
        // No resident ID and a homophone given name: without a model the hub links nothing on weights, it asks a person.
        submit(second[1], patientBundle("sun-y1", null, "孙", "莉华", "female", birth.toString(), "13790417263", "拱墅区"));
        String x1 = hubPatient(first[0], "sun-x1");
        String y1 = hubPatient(second[0], "sun-y1");
        long personX = persons.personOf(x1).orElseThrow();
        long personY = persons.personOf(y1).orElseThrow();
        assertThat(personY).isNotEqualTo(personX);
        long reviewId = reviews.open(500, 0).stream().filter(review -> review.patientId().equals(y1)).findFirst()
                .orElseThrow(() -> new AssertionError("no review for the homophone record")).id();

        // The queue lists the pair: both names, birth dates and sources, the weight, the rule, a link to the review.
        String queue = page(get("/mpi"));
        assertThat(queue).contains("<h1>人员索引</h1>", "已索引记录", "待审核的记录对", "尚未估计模型", "重新关联", "近 30 天的索引变更",
                "href=\"/mpi\"", "孙丽华", "孙莉华", "1983-06-17", "人员索引甲医院", "人员索引乙医院", "data-review=\"" + reviewId + "\"",
                "href=\"/mpi/reviews/" + reviewId + "\"", "权重 14.3 ≥ 8.0", "weight weight-pos\">+14.3")
                .doesNotContain(residentId, "id=\"mpi-model-chart\"");
        JsonNode model = json.readTree(page(get("/ui/api/mpi/model")));
        assertThat(model.path("trained").asBoolean()).isFalse();
        assertThat(model.path("bars")).isEmpty();
        // Paging swaps the queue alone.
        assertThat(page(get("/mpi").param("page", "0").header("HX-Request", "true")))
                .doesNotContain("<html", "重新关联").contains("id=\"review-queue\"", "孙莉华");

        // The review page: both records side by side, one row per field with the level and its weight, masked identifiers.
        String review = page(get("/mpi/reviews/" + reviewId));
        assertThat(review).contains("审核 #" + reviewId, "待审核", "逐项比对", "本条记录", "候选档案中的记录",
                        "人员索引甲医院", "人员索引乙医院", "sun-x1", "sun-y1", "href=\"/persons/" + personX + "\"", "href=\"/persons/" + personY + "\"",
                        "身份证号", "姓名", "出生日期", "性别", "电话", "居住区县", "缺失（不计权重）", "同音",
                        "data-field=\"NAME\" data-level=\"1\"", "data-field=\"BIRTH_DATE\" data-level=\"0\"", "data-field=\"RESIDENT_ID\" data-level=\"-1\"",
                        ResidentId.parse(residentId).orElseThrow().masked(), "137****7263", "weight weight-pos\">+4.8", "+14.3",
                        "是同一人（关联）", "不是同一人（分开）", "name=\"_csrf\"")
                .doesNotContain(residentId, "13790417263");
        assertThat(page(get("/mpi/reviews/" + reviewId).param("lang", "en")))
                .contains("Field by field", "Sounds the same", "Same person (link)", "Different people (keep apart)")
                .doesNotContain("逐项比对");

        // A decision needs a reason.
        String noReason = mvc.perform(post("/mpi/reviews/" + reviewId).with(operator()).with(csrf()).param("verdict", "LINK").param("reason", " "))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(noReason).contains("请填写理由", "孙莉华");
        assertThat(persons.personOf(y1)).contains(personY);

        // Linking moves the record (and its resources) into the candidate's person and goes back to the queue.
        MvcResult linked = mvc.perform(post("/mpi/reviews/" + reviewId).with(operator()).with(csrf())
                        .param("verdict", "LINK").param("reason", "电话和出生日期一致，名字是同音录入错误"))
                .andExpect(redirectedUrl("/mpi"))
                .andExpect(flash().attribute("noticePerson", personX))
                .andReturn();
        String notice = (String) linked.getFlashMap().get("notice");
        assertThat(notice).isEqualTo("审核 #" + reviewId + " 已处理：两条记录已关联到档案 #" + personX + "。");
        assertThat(persons.personOf(y1)).contains(personX);
        assertThat(page(get("/mpi").flashAttrs(Map.of("notice", notice, "noticePerson", personX))))
                .contains(notice, "alert alert-ok").doesNotContain("data-review=\"" + reviewId + "\"");

        String person = page(get("/persons/" + personX));
        assertThat(person).contains("<h2><span>身份关联</span><span class=\"pill\">2</span></h2>", "人员索引甲医院", "人员索引乙医院", "sun-x1", "sun-y1",
                "data-patient=\"" + x1 + "\"", "data-patient=\"" + y1 + "\"", "院内患者号", "人工决定",
                "action=\"/persons/" + personX + "/unmerge\"", "拆分理由", "身份关联历史", "data-action=\"MERGE\"", "合并",
                "href=\"/persons/" + personY + "\"", "审核 #" + reviewId + "</span>", "电话和出生日期一致", "系统规则", "admin");
        // The merged-away person's key leads to the survivor.
        mvc.perform(get("/persons/" + personY).with(operator())).andExpect(redirectedUrl("/persons/" + personX));

        // Deciding again is refused readably, with the status the JSON API answers.
        String again = mvc.perform(post("/mpi/reviews/" + reviewId).with(operator()).with(csrf())
                        .param("verdict", "SEPARATE").param("reason", "再试一次"))
                .andExpect(status().isConflict()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(again).contains("alert alert-error", "审核 #" + reviewId + " 已由 admin 处理（已关联），不能重复决定。", "审核结果",
                "电话和出生日期一致").doesNotContain("Exception", "不是同一人（分开）</button>");

        // Unmerge from the person page: a reason is required, then the record goes back to the person it came from.
        mvc.perform(post("/persons/" + personX + "/unmerge").with(operator()).with(csrf()).param("patient", y1).param("reason", ""))
                .andExpect(redirectedUrl("/persons/" + personX))
                .andExpect(flash().attribute("error", "请填写拆分理由。"));
        assertThat(persons.personOf(y1)).contains(personX);
        mvc.perform(post("/persons/" + personX + "/unmerge").with(operator()).with(csrf()).param("patient", y1)
                        .param("reason", "核实后是两位不同的居民"))
                .andExpect(redirectedUrl("/persons/" + personX))
                .andExpect(flash().attribute("notice", "已拆分：Patient " + y1 + " 已移出本档案，现属于档案 #" + personY + "。"));
        assertThat(persons.personOf(y1)).contains(personY);
        assertThat(persons.personOf(x1)).contains(personX);

        String afterUnmerge = page(get("/persons/" + personX));
        assertThat(afterUnmerge).contains("<h2><span>身份关联</span><span class=\"pill\">1</span>", "data-patient=\"" + x1 + "\"", "data-action=\"UNMERGE\"", "拆分",
                        "核实后是两位不同的居民")
                .doesNotContain("data-patient=\"" + y1 + "\"", "action=\"/persons/" + personX + "/unmerge\"");
        assertThat(page(get("/persons/" + personY))).contains("data-patient=\"" + y1 + "\"", "人员索引乙医院", "data-action=\"UNMERGE\"",
                "data-action=\"MERGE\"", "data-action=\"LINK\"");
        // A patient that is not (any more) this person's is refused, not moved.
        mvc.perform(post("/persons/" + personX + "/unmerge").with(operator()).with(csrf()).param("patient", y1).param("reason", "过期页面"))
                .andExpect(flash().attribute("error", "Patient " + y1 + " 不属于这份档案，可能已被其他人移动，请刷新后重试。"));
        assertThat(persons.personOf(y1)).contains(personY);
    }

    @Test
    @Order(2)
    void unknownReviewsAndSourcesAreNotFoundPages() throws Exception {
        mvc.perform(get("/mpi/reviews/987654321").with(operator())).andExpect(status().isNotFound());
        mvc.perform(get("/sources/NO-SUCH-SOURCE/quality").with(operator())).andExpect(status().isNotFound());
        mvc.perform(get("/mpi/relink/987654321").with(operator())).andExpect(status().isNotFound());
        mvc.perform(get("/mpi").with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .user("auditor").roles("AUDITOR"))).andExpect(status().isForbidden());
    }

    @Test
    @Order(3)
    void theSourcesPageShowsDataQualityIssuesOfASource() throws Exception {
        String[] quality = source("MPQ", "人员索引质量医院");
        String valid = ResidentId.of("330106", LocalDate.of(1977, 8, 9), 321).value();
        char wrongCheck = valid.charAt(17) == '1' ? '2' : '1';
        String invalid = valid.substring(0, 17) + wrongCheck;
        assertThat(ResidentId.parse(invalid)).isEmpty();
        submit(quality[1], patientBundle("dq-1", invalid, "钱", "多多", "male", "1977-08-09", "13645270918", "滨江区"));
        String patient = hubPatient(quality[0], "dq-1");

        String sources = page(get("/sources"));
        assertThat(sources).contains("数据质量", "href=\"/sources/" + quality[0] + "/quality\"", "data-code=\"resident-id-invalid\"",
                "身份证号无效 1", "未发现问题");

        String issues = page(get("/sources/" + quality[0] + "/quality"));
        assertThat(issues).contains("数据质量 · 人员索引质量医院", "按问题类型", "最新发现的问题", "身份证号无效", "resident-id-invalid",
                        "Patient.identifier", "invalid resident ID", "href=\"/fhir/Patient/" + patient + "\"", "患者")
                .doesNotContain(invalid);
        assertThat(page(get("/sources/" + quality[0] + "/quality").param("lang", "en")))
                .contains("Data quality · 人员索引质量医院", "Invalid resident ID", "Newest issues");

        String[] clean = source("MPC", "人员索引无问题医院");
        assertThat(page(get("/sources/" + clean[0] + "/quality"))).contains("没有发现数据质量问题");
    }

    @Test
    @Order(10)
    void theRelinkJobProgressesToDoneAndEstimatesAModel() throws Exception {
        // Without JavaScript the button posts and comes back to the page.
        String started = mvc.perform(post("/mpi/relink").with(operator()).with(csrf()).header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(started).doesNotContain("<html").contains("id=\"relink\"", "任务 #", "由 admin 于");
        Matcher job = Pattern.compile("data-job=\"(\\d+)\"").matcher(started);
        assertThat(job.find()).as(started).isTrue();
        String id = job.group(1);
        String phase = phaseOf(started);
        if (!phase.equals("DONE") && !phase.equals("FAILED")) {
            // A running job's panel polls itself.
            assertThat(started).contains("hx-get=\"/mpi/relink/" + id + "\"", "hx-trigger=\"every 1s\"", "progress-active", "运行中…");
        }

        String panel = started;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!phaseOf(panel).equals("DONE") && !phaseOf(panel).equals("FAILED")) {
            assertThat(System.nanoTime()).as("re-link job did not finish within 90 s").isLessThan(deadline);
            Thread.sleep(200);
            panel = page(get("/mpi/relink/" + id).header("HX-Request", "true"));
            assertThat(panel).contains("role=\"progressbar\"");
        }
        assertThat(phaseOf(panel)).as(panel).isEqualTo("DONE");
        assertThat(panel).contains("已完成", "aria-valuenow=\"100\"", "width: 100%", "移动的记录", "按人工决定保留", "比较的记录对", "结束于",
                        "刷新页面，查看新的模型与待审核列表")
                .doesNotContain("hx-trigger", "hx-get=");

        // The page now shows the estimated model, its chart data, and the job.
        String page = page(get("/mpi"));
        assertThat(page).contains("已估计", "id=\"mpi-model-chart\"", "data-url=\"/ui/api/mpi/model\"", "/js/mpi.js", "经 EM 估计",
                "data-phase=\"DONE\"", "data-job=\"" + id + "\"").doesNotContain("尚未估计模型</div>");
        JsonNode model = json.readTree(page(get("/ui/api/mpi/model")));
        assertThat(model.path("trained").asBoolean()).isTrue();
        assertThat(model.path("bars")).hasSize(18);
        assertThat(model.path("bars").get(0).path("fieldLabel").asText()).isEqualTo("身份证号");
        assertThat(model.path("bars").findValuesAsText("levelLabel")).contains("同音", "月日颠倒");
        assertThat(model.path("weightLabel").asText()).isEqualTo("权重（log₂ 似然比）");
        JsonNode english = json.readTree(page(get("/ui/api/mpi/model").param("lang", "en")));
        assertThat(english.path("bars").findValuesAsText("levelLabel")).contains("Sounds the same");

        // The activity panel counts the events of the last 30 days, including this class's merge and unmerge.
        assertThat(page).contains("data-action=\"MERGE\"", "data-action=\"UNMERGE\"", "确认分开");
        mvc.perform(post("/mpi/relink").with(operator()).with(csrf())).andExpect(redirectedUrl("/mpi"));
    }

    private static String phaseOf(String panel) {
        Matcher phase = Pattern.compile("data-phase=\"([A-Z]+)\"").matcher(panel);
        return phase.find() ? phase.group(1) : "";
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(operator()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** A new source: its code and token. */
    private String[] source(String prefix, String name) {
        String token = registerSource(prefix, name);
        String code = sources.authenticate(token).orElseThrow().code();
        return new String[] {code, token};
    }

    /** The hub's id of a source's patient, as the person index API lists it. */
    private String hubPatient(String sourceCode, String sourcePatientId) throws Exception {
        for (JsonNode link : json.readTree(page(get("/admin/mpi/patients").param("source", sourceCode)))) {
            if (link.path("sourcePatient").asText().equals(sourcePatientId)) {
                return link.path("patient").asText();
            }
        }
        throw new AssertionError("no patient " + sourcePatientId + " of " + sourceCode);
    }

    /** A transaction with one Patient (resident ID optional) and one Observation about them. */
    private static String patientBundle(String id, String residentId, String family, String given, String gender, String birthDate,
                                        String phone, String district) {
        String identifier = residentId == null ? "" : """
                "identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%s"}],""".formatted(residentId);
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"%1$s",%2$s
                   "name":[{"use":"official","family":"%3$s","given":["%4$s"]}],"gender":"%5$s","birthDate":"%6$s",
                   "telecom":[{"system":"phone","use":"mobile","value":"%7$s"}],
                   "address":[{"use":"home","city":"杭州市","district":"%8$s"}]},
                  "request":{"method":"PUT","url":"Patient/%1$s"}},
                 {"resource":{"resourceType":"Observation","id":"%1$s-obs","status":"final",
                   "code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"HbA1c"}]},
                   "subject":{"reference":"Patient/%1$s"},"effectiveDateTime":"2025-03-01T08:00:00+08:00",
                   "valueQuantity":{"value":6.1,"unit":"%%"}},
                  "request":{"method":"PUT","url":"Observation/%1$s-obs"}}
                ]}""".formatted(id, identifier, family, given, gender, birthDate, phone, district);
    }
}
