package org.cityhealth.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.access.AccountService;
import org.cityhealth.hub.access.BreakGlassLog;
import org.cityhealth.hub.access.ConsentRecord;
import org.cityhealth.hub.access.Consents;
import org.cityhealth.hub.access.Role;
import org.cityhealth.hub.access.Sensitivity;
import org.cityhealth.hub.access.Subject;
import org.cityhealth.hub.access.VisitCodes;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.ledger.LedgerQuery;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.hub.ledger.LedgerRow;
import org.cityhealth.hub.ledger.Pseudonyms;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.RegisteredSource;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.identity.ResidentId;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The citizen portal over the real hub: two hospitals send records about the same resident, the resident signs in with
 * a citizen account and reads, downloads and shares their record. Each test makes its own citizen, so they share the
 * database without seeing each other.
 */
class WebPortalTests extends WebTestSupport {

    private static final AtomicInteger CITIZENS = new AtomicInteger();

    @Autowired
    PersonIndex persons;

    @Autowired
    AccountService accounts;

    @Autowired
    Consents consents;

    @Autowired
    BreakGlassLog breakGlass;

    @Autowired
    VisitCodes visitCodes;

    @Autowired
    LedgerReader ledger;

    @Autowired
    Pseudonyms pseudonyms;

    @Test
    void homeShowsTheRecordAcrossHospitalsInChineseAndEnglish() throws Exception {
        Citizen citizen = newCitizen("门户甲");
        Subject emergencyDoctor = new Subject("dr-er-" + citizen.username(), "急诊赵医生", Set.of(Role.EMERGENCY_DOCTOR), citizen.firstCode(),
                "急诊科", null, null);
        breakGlass.record(emergencyDoctor, citizen.personKey(), "昏迷送医，需查过敏史", "web", List.of("Observation/x"));

        String html = page(citizen, get("/my"));
        assertThat(html).contains("门户甲", citizen.firstName(), citizen.secondName(), "HbA1c", "空腹血糖", "2023-05-01", "2025-04-01",
                        "保存您记录的医院", "诊疗时间线", "生成就诊授权码", "action=\"/my/codes\"", "href=\"/my/record.json\"",
                        "href=\"/my/record.pdf\"", "id=\"portal-chart\"", "data-chart=", "/js/portal.js", "echarts",
                        "紧急情况下对您档案的访问", "急诊赵医生", "昏迷送医，需查过敏史", "等待医院审查")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>")
                // On screen the resident ID is masked, as everywhere in the UI; the download carries it whole.
                .doesNotContain(citizen.residentId());
        // The chart keeps the year without visits on its axis; the newest record comes first in the timeline.
        assertThat(html).contains("[2023,2024,2025]");
        assertThat(html.indexOf("空腹血糖")).isLessThan(html.indexOf("HbA1c"));

        assertThat(page(citizen, get("/my").param("lang", "en")))
                .contains("Hospitals holding your records", "Timeline", "Create an in-visit code", "Emergency access to your record",
                        "Awaiting the hospital review", citizen.firstName())
                .doesNotContain("生成就诊授权码", "保存您记录的医院");

        assertThat(awaitPortalEntry(citizen, "home")).contains("\"purpose\":\"PATRQT\"", "\"actor\":\"" + citizen.username() + "\"");
    }

    @Test
    void aCitizenReadsOnlyTheirOwnRecord() throws Exception {
        Citizen mine = newCitizen("门户乙");
        Citizen other = newCitizen("门户丙");
        ConsentRecord theirs = consents.grant(other.personKey(), new Consents.Grant(ConsentRecord.GranteeKind.ORGANIZATION, other.firstCode(),
                other.firstName(), Set.of(), Set.of(), Instant.now(), null), ConsentRecord.Origin.PORTAL, other.username());

        assertThat(page(mine, get("/my"))).contains("门户乙", mine.firstName()).doesNotContain("门户丙", other.firstName(), other.secondName());
        assertThat(page(mine, get("/my/consents"))).doesNotContain("data-consent=\"" + theirs.id() + "\"");
        assertThat(page(mine, get("/my/record.json"))).contains(mine.residentId()).doesNotContain(other.residentId(), "门户丙");

        // Someone else's consent is "not found" to this citizen, and stays as it was.
        assertThat(mvc.perform(post("/my/consents/{id}/revoke", theirs.id()).with(mine.login()).with(csrf()))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("找不到这项授权");
        mvc.perform(post("/my/consents/{id}/approve", theirs.id()).with(mine.login()).with(csrf()).param("until", "revoked"))
                .andExpect(status().isNotFound());
        assertThat(consents.find(theirs.id()).orElseThrow().status()).isEqualTo(ConsentRecord.Status.ACTIVE);
    }

    @Test
    void aConsentGrantedThroughTheFormIsListedAndARevokeEndsItAtOnce() throws Exception {
        Citizen citizen = newCitizen("门户丁");
        String consentsPage = page(citizen, get("/my/consents"));
        assertThat(consentsPage).contains("授权管理", "新增授权", "您还没有任何授权", citizen.firstName(), "精神卫生", "艾滋病",
                "包括精神疾病诊断", "action=\"/my/consents\"", "name=\"_csrf\"");
        assertThat(awaitPortalEntry(citizen, "consents")).contains("\"purpose\":\"PATRQT\"");

        LocalDate today = LocalDate.now(FhirDates.LOCAL_ZONE);
        mvc.perform(post("/my/consents").with(citizen.login()).with(csrf())
                        .param("kind", "ORGANIZATION").param("hospital", citizen.firstCode())
                        .param("data", "DIAGNOSES").param("data", "TESTS").param("sensitive", "PSY")
                        .param("until", "date").param("from", today.toString()).param("to", today.plusDays(30).toString()))
                .andExpect(redirectedUrl("/my/consents"));
        ConsentRecord granted = consents.of(citizen.personKey()).getFirst();
        assertThat(granted.kind()).isEqualTo(ConsentRecord.GranteeKind.ORGANIZATION);
        assertThat(granted.grantee()).isEqualTo(citizen.firstCode());
        assertThat(granted.granteeName()).isEqualTo(citizen.firstName());
        assertThat(granted.types()).containsExactlyInAnyOrder("Condition", "Observation", "DiagnosticReport");
        assertThat(granted.sensitive()).containsExactly(Sensitivity.PSY);
        assertThat(granted.origin()).isEqualTo(ConsentRecord.Origin.PORTAL);
        assertThat(granted.inForce(Instant.now())).isTrue();
        assertThat(granted.validTo()).isEqualTo(today.plusDays(31).atStartOfDay(FhirDates.LOCAL_ZONE).toInstant());

        assertThat(page(citizen, get("/my/consents"))).contains("生效中", "诊断", "检验检查", "精神卫生", "本人授权",
                "action=\"/my/consents/" + granted.id() + "/revoke\"");

        mvc.perform(post("/my/consents/{id}/revoke", granted.id()).with(citizen.login()).with(csrf()))
                .andExpect(redirectedUrl("/my/consents"));
        ConsentRecord revoked = consents.find(granted.id()).orElseThrow();
        assertThat(revoked.status()).isEqualTo(ConsentRecord.Status.INACTIVE);
        assertThat(revoked.inForce(Instant.now())).isFalse();
        assertThat(page(citizen, get("/my/consents").param("lang", "en"))).contains("Revoked", "My consents");

        // A doctor by account name, and a department, until revoked.
        accounts.createStaff("dr-" + citizen.username(), "a-long-password", Role.DOCTOR, "钱医生", citizen.firstCode(), "心内科");
        mvc.perform(post("/my/consents").with(citizen.login()).with(csrf()).param("kind", "PRACTITIONER")
                        .param("doctor", "dr-" + citizen.username()).param("data", "ALL").param("until", "revoked"))
                .andExpect(redirectedUrl("/my/consents"));
        mvc.perform(post("/my/consents").with(citizen.login()).with(csrf()).param("kind", "DEPARTMENT")
                        .param("hospital", citizen.secondCode()).param("department", "内分泌科").param("data", "ALL").param("until", "revoked"))
                .andExpect(redirectedUrl("/my/consents"));
        List<ConsentRecord> all = consents.of(citizen.personKey());
        assertThat(all).hasSize(3);
        assertThat(all.get(1).grantee()).isEqualTo("dr-" + citizen.username());
        assertThat(all.get(1).granteeName()).startsWith("钱医生");
        assertThat(all.get(1).validTo()).isNull();
        assertThat(all.get(1).types()).isEmpty();
        assertThat(all.get(0).grantee()).isEqualTo(citizen.secondCode() + "/内分泌科");
    }

    @Test
    void aBadGrantComesBackWithWhatToCorrectAndStoresNothing() throws Exception {
        Citizen citizen = newCitizen("门户戊");
        LocalDate today = LocalDate.now(FhirDates.LOCAL_ZONE);
        String refused = mvc.perform(post("/my/consents").with(citizen.login()).with(csrf())
                        .param("kind", "ORGANIZATION").param("hospital", citizen.firstCode()).param("data", "ALL")
                        .param("until", "date").param("from", today.plusDays(10).toString()).param("to", today.plusDays(5).toString()))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        // The form comes back as it was typed.
        assertThat(refused).contains("结束日期不能早于开始日期", "未作任何更改", "value=\"" + today.plusDays(10) + "\"");

        assertRefused(citizen, "请选择医院", "kind", "ORGANIZATION", "data", "ALL", "until", "revoked");
        assertRefused(citizen, "不是数据中心登记的医院", "kind", "ORGANIZATION", "hospital", "NO-SUCH-HOSPITAL", "data", "ALL", "until", "revoked");
        assertRefused(citizen, "请选择授权对象", "data", "ALL", "until", "revoked");
        assertRefused(citizen, "没有这个医生账号", "kind", "PRACTITIONER", "doctor", "admin", "data", "ALL", "until", "revoked");
        assertRefused(citizen, "请至少选择一类数据", "kind", "ORGANIZATION", "hospital", citizen.firstCode(), "until", "revoked");
        assertRefused(citizen, "请填写科室名称", "kind", "DEPARTMENT", "hospital", citizen.firstCode(), "data", "ALL", "until", "revoked");
        assertRefused(citizen, "结束日期已经过去", "kind", "ORGANIZATION", "hospital", citizen.firstCode(), "data", "ALL", "until", "date",
                "to", today.minusDays(1).toString());
        assertThat(mvc.perform(post("/my/consents").param("lang", "en").with(citizen.login()).with(csrf())
                        .param("kind", "ORGANIZATION").param("data", "ALL").param("until", "revoked"))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("Choose a hospital.", "Nothing was changed.");
        assertThat(consents.of(citizen.personKey())).isEmpty();

        // Without the CSRF token the form is refused before it is read.
        mvc.perform(post("/my/consents").with(citizen.login()).param("kind", "ORGANIZATION").param("hospital", citizen.firstCode())
                .param("data", "ALL").param("until", "revoked")).andExpect(status().isForbidden());
        assertThat(consents.of(citizen.personKey())).isEmpty();
    }

    @Test
    void aDoctorsRequestIsShownAndApprovedForTheChosenWindow() throws Exception {
        Citizen citizen = newCitizen("门户己");
        Subject doctor = new Subject("dr-li-" + citizen.username(), "李医生", Set.of(Role.DOCTOR), "H001", "心内科", null, null);
        ConsentRecord request = consents.request(citizen.personKey(), doctor, "复诊需要查看外院检查结果");

        assertThat(page(citizen, get("/my"))).contains("医生请求查看您的档案", "李医生", "复诊需要查看外院检查结果",
                "action=\"/my/consents/" + request.id() + "/approve\"", "批准", "拒绝");
        assertThat(page(citizen, get("/my/consents"))).contains("待您批准", "医生申请");

        LocalDate today = LocalDate.now(FhirDates.LOCAL_ZONE);
        mvc.perform(post("/my/consents/{id}/approve", request.id()).with(citizen.login()).with(csrf()).param("to", today.minusDays(1).toString()))
                .andExpect(status().isBadRequest());
        assertThat(consents.find(request.id()).orElseThrow().status()).isEqualTo(ConsentRecord.Status.PROPOSED);

        mvc.perform(post("/my/consents/{id}/approve", request.id()).with(citizen.login()).with(csrf()).param("to", today.plusDays(7).toString()))
                .andExpect(redirectedUrl("/my/consents"));
        ConsentRecord approved = consents.find(request.id()).orElseThrow();
        assertThat(approved.status()).isEqualTo(ConsentRecord.Status.ACTIVE);
        assertThat(approved.inForce(Instant.now())).isTrue();
        assertThat(approved.covers(doctor)).isTrue();
        assertThat(approved.validTo()).isEqualTo(today.plusDays(8).atStartOfDay(FhirDates.LOCAL_ZONE).toInstant());
        assertThat(page(citizen, get("/my"))).doesNotContain("医生请求查看您的档案");

        // Approved once: a second approval finds no request.
        mvc.perform(post("/my/consents/{id}/approve", request.id()).with(citizen.login()).with(csrf()).param("until", "revoked"))
                .andExpect(status().isNotFound());
    }

    @Test
    void anInVisitCodeIsShownLargeWithItsQrCodeAndWorksForTheDoctor() throws Exception {
        Citizen citizen = newCitizen("门户庚");
        String html = mvc.perform(post("/my/codes").with(citizen.login()).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        Matcher digits = Pattern.compile("class=\"visit-code\">(\\d{6})<").matcher(html);
        assertThat(digits.find()).as("six digits on the page").isTrue();
        assertThat(html).contains("<svg", "<rect", "class=\"qr\"", "data-seconds=\"", "24 小时", "10 分钟", "只能使用一次", "/js/portal.js")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");

        Subject doctor = new Subject("dr-code-" + citizen.username(), "孙医生", Set.of(Role.DOCTOR), "H001", "全科", null, null);
        ConsentRecord visit = visitCodes.redeem(digits.group(1), doctor);
        assertThat(visit.personKey()).isEqualTo(citizen.personKey());
        assertThat(visit.origin()).isEqualTo(ConsentRecord.Origin.VISIT_CODE);

        assertThat(mvc.perform(post("/my/codes").param("lang", "en").with(citizen.login()).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("Show this code to your doctor", "24 hours", "works once");
        // A code is issued only on a POST with the form's token.
        mvc.perform(post("/my/codes").with(citizen.login())).andExpect(status().isForbidden());
    }

    @Test
    void theWholeRecordDownloadsAsAFhirBundle() throws Exception {
        Citizen citizen = newCitizen("门户辛");
        MockHttpServletResponse response = mvc.perform(get("/my/record.json").with(citizen.login()))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).startsWith("application/fhir+json");
        assertThat(response.getHeader(HttpHeaders.CONTENT_DISPOSITION)).contains("attachment", "my-health-record.json");

        Bundle bundle = FhirContext.forR4Cached().newJsonParser()
                .parseResource(Bundle.class, response.getContentAsString(StandardCharsets.UTF_8));
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(bundle.getTimestamp()).isNotNull();
        assertThat(bundle.getEntry()).hasSize(4).allSatisfy(entry -> assertThat(entry.getFullUrl())
                .endsWith("/fhir/" + entry.getResource().fhirType() + "/" + entry.getResource().getIdElement().getIdPart()));
        assertThat(bundle.getEntry()).extracting(entry -> entry.getResource().fhirType())
                .containsExactlyInAnyOrder("Patient", "Patient", "Observation", "Observation");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("HbA1c", "空腹血糖", citizen.residentId());

        assertThat(awaitPortalEntry(citizen, "record.json")).contains("\"resources\":\"4\"");
    }

    @Test
    void theRecordDownloadsAsAReadablePdf() throws Exception {
        Citizen citizen = newCitizen("门户壬");
        MockHttpServletResponse response = mvc.perform(get("/my/record.pdf").with(citizen.login()))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        assertThat(response.getHeader(HttpHeaders.CONTENT_DISPOSITION)).contains("attachment", "my-health-record.pdf");
        assertThat(new String(response.getContentAsByteArray(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(awaitPortalEntry(citizen, "record.pdf")).contains("\"purpose\":\"PATRQT\"");
    }

    @Test
    void onlyCitizensHaveAPortal() throws Exception {
        for (String path : new String[] {"/my", "/my/consents", "/my/record.json", "/my/record.pdf"}) {
            mvc.perform(get(path).with(operator())).andExpect(status().isForbidden());
            mvc.perform(get(path).with(user("dr-nobody").roles("DOCTOR"))).andExpect(status().isForbidden());
        }
        mvc.perform(post("/my/codes").with(operator()).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/my/consents").with(operator()).with(csrf()).param("kind", "ORGANIZATION")).andExpect(status().isForbidden());
        // A citizen account that no person belongs to has nothing to show.
        mvc.perform(get("/my").with(user("citizen-without-person").roles("CITIZEN"))).andExpect(status().isNotFound());
        for (String asset : new String[] {"/js/portal.js", "/css/portal.css"}) {
            mvc.perform(get(asset)).andExpect(status().isOk());
        }
    }

    /**
     * A resident two new hospitals sent records about (an HbA1c in 2023 at the first, a fasting glucose in 2025 at the
     * second), with a citizen account; {@code residentId} is the full number the hospitals sent.
     */
    record Citizen(long personKey, String username, String firstCode, String firstName, String secondCode, String secondName,
                   String residentId) {
        RequestPostProcessor login() {
            return user(username).roles("CITIZEN");
        }
    }

    private Citizen newCitizen(String name) throws Exception {
        int n = CITIZENS.incrementAndGet();
        RegisteredSource first = sources.register(new NewSource("MYA" + n, "门户测试第一医院" + n, "三级甲等", "上城区", "HOSPITAL"));
        RegisteredSource second = sources.register(new NewSource("MYB" + n, "门户测试中医院" + n, "三级甲等", "西湖区", "HOSPITAL"));
        ResidentId resident = ResidentId.of("330108", LocalDate.of(1970, 1, 1).plusDays(n), 500 + n);
        submit(first.token(), patientWithObservation("my-p" + n, resident.value(), name, "HbA1c", 6.5, "%", "2023-05-01T08:00:00+08:00"));
        submit(second.token(), patientWithObservation("my-p" + n + "b", resident.value(), name, "空腹血糖", 5.6, "mmol/L",
                "2025-04-01T08:00:00+08:00"));
        long personKey = persons.personByResidentId(resident).orElseThrow();
        String username = "portal-citizen-" + n;
        accounts.createCitizen(username, "a-long-password", name, personKey);
        return new Citizen(personKey, username, first.source().code(), first.source().name(), second.source().code(),
                second.source().name(), resident.value());
    }

    private void assertRefused(Citizen citizen, String message, String... parameters) throws Exception {
        MockHttpServletRequestBuilder request = post("/my/consents").with(citizen.login()).with(csrf());
        for (int i = 0; i < parameters.length; i += 2) {
            request.param(parameters[i], parameters[i + 1]);
        }
        assertThat(mvc.perform(request).andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains(message, "未作任何更改");
    }

    private String page(Citizen citizen, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(citizen.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The published ledger entry of the citizen reading that portal page, as canonical JSON. */
    private String awaitPortalEntry(Citizen citizen, String page) throws InterruptedException {
        String pseudonym = pseudonyms.of(citizen.personKey());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<Long> indexes = ledger.search(new LedgerQuery(citizen.username(), "portal.record", pseudonym, null, null, null, null, 50))
                    .stream().map(LedgerRow::index).toList();
            for (String entry : ledger.publishedEntries(indexes).values()) {
                if (entry.contains("\"page\":\"" + page + "\"")) {
                    return entry;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no published portal.record entry of page " + page + " for " + citizen.username() + " within 20 s");
            }
            Thread.sleep(50);
        }
    }
}
