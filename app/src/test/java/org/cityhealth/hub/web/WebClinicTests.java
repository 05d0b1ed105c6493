package org.cityhealth.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.cityhealth.hub.access.AccountService;
import org.cityhealth.hub.access.Role;
import org.cityhealth.hub.access.VisitCodes;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The doctor workstation, break-the-glass and the privacy officer's review, over real records sent by two hospitals:
 * what each doctor sees is what the policy decision point permits, and every step leaves its trace.
 */
class WebClinicTests extends WebTestSupport {

    private static final AtomicInteger PEOPLE = new AtomicInteger(500);

    @Autowired
    AccountService accounts;

    @Autowired
    PersonIndex persons;

    @Autowired
    VisitCodes visitCodes;

    @Autowired
    JdbcTemplate jdbc;

    /** One person known at two hospitals A and B; a third hospital C knows nothing of them. */
    private record City(String a, String b, String c, ResidentId resident, long personKey) {
    }

    private City city(String prefix) throws Exception {
        int n = PEOPLE.incrementAndGet();
        String a = prefix + "A" + n;
        String b = prefix + "B" + n;
        String c = prefix + "C" + n;
        String tokenA = sources.register(new NewSource(a, "甲医院" + n, "三级甲等", "上城区", "HOSPITAL")).token();
        String tokenB = sources.register(new NewSource(b, "乙医院" + n, "二级甲等", "西湖区", "HOSPITAL")).token();
        sources.register(new NewSource(c, "丙医院" + n, "二级甲等", "滨江区", "HOSPITAL"));
        ResidentId resident = ResidentId.of("330106", LocalDate.of(1958, 3, 1).plusDays(n), n);
        submit(tokenA, record(prefix.toLowerCase() + "a" + n, resident, "青霉素", "甲院血糖检查", "2025-02-01T08:00:00+08:00"));
        submit(tokenB, record(prefix.toLowerCase() + "b" + n, resident, "磺胺类", "乙院血脂检查", "2025-06-01T08:00:00+08:00"));
        return new City(a, b, c, resident, persons.personByResidentId(resident).orElseThrow());
    }

    /** A Patient with a resident ID and an emergency contact, an allergy, a test result and a CT with its report (BrowserIT too). */
    static String record(String id, ResidentId resident, String allergen, String test, String when) {
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"%1$s","identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%2$s"}],
                   "name":[{"text":"赵临床"}],"gender":"male","birthDate":"%6$s",
                   "contact":[{"relationship":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0131","code":"C"}]}],
                     "name":{"text":"赵家属"},"telecom":[{"system":"phone","value":"13800000000"}]}]},
                  "request":{"method":"PUT","url":"Patient/%1$s"}},
                 {"resource":{"resourceType":"AllergyIntolerance","id":"%1$s-al",
                   "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},
                   "code":{"text":"%3$s"},"patient":{"reference":"Patient/%1$s"}},
                  "request":{"method":"PUT","url":"AllergyIntolerance/%1$s-al"}},
                 {"resource":{"resourceType":"Observation","id":"%1$s-obs","status":"final",
                   "code":{"coding":[{"system":"http://loinc.org","code":"2345-7","display":"%4$s"}]},
                   "subject":{"reference":"Patient/%1$s"},"effectiveDateTime":"%5$s","valueQuantity":{"value":5.6,"unit":"mmol/L"}},
                  "request":{"method":"PUT","url":"Observation/%1$s-obs"}},
                 {"resource":{"resourceType":"ImagingStudy","id":"%1$s-ct","status":"available","subject":{"reference":"Patient/%1$s"},
                   "started":"%5$s","modality":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"}],
                   "numberOfSeries":2,"numberOfInstances":240,"description":"%4$s胸部CT"},
                  "request":{"method":"PUT","url":"ImagingStudy/%1$s-ct"}},
                 {"resource":{"resourceType":"DiagnosticReport","id":"%1$s-ctr","status":"final","code":{"text":"CT 报告"},
                   "subject":{"reference":"Patient/%1$s"},"imagingStudy":[{"reference":"ImagingStudy/%1$s-ct"}],"conclusion":"%4$s未见明显异常"},
                  "request":{"method":"PUT","url":"DiagnosticReport/%1$s-ctr"}}
                ]}""".formatted(id, resident.value(), allergen, test, when, resident.birthDate());
    }

    private RequestPostProcessor staff(String username, Role role, String organization) {
        if (!accounts.exists(username)) {
            accounts.createStaff(username, "a-long-password", role, "医生" + username, organization, "内科");
        }
        return user(username).roles(role.name());
    }

    private String page(RequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void aDoctorSeesTheirOwnHospitalsRecordsAndNeedsConsentForTheRest() throws Exception {
        City city = city("CW");
        var doctorB = staff("dr-b-" + city.b().toLowerCase(), Role.DOCTOR, city.b());

        mvc.perform(get("/clinic").param("q", city.resident().value()).with(doctorB))
                .andExpect(redirectedUrl("/clinic/patients/" + city.personKey()));
        String own = page(get("/clinic/patients/" + city.personKey()).with(doctorB));
        assertThat(own).contains("赵临床", "乙院血脂检查", "仅显示本院记录", "乙院血脂检查胸部CT")
                .doesNotContain("甲院血糖检查", "需要患者授权", "检验趋势", "own hospital's records");

        var doctorC = staff("dr-c-" + city.c().toLowerCase(), Role.DOCTOR, city.c());
        String closed = page(get("/clinic/patients/" + city.personKey()).with(doctorC));
        assertThat(closed).contains("需要患者授权", "向患者申请授权", "输入就诊授权码", "该患者的记录需要患者授权或就诊授权码").doesNotContain("甲院血糖检查", "乙院血脂检查", "青霉素");

        mvc.perform(post("/clinic/patients/" + city.personKey() + "/consent-request").param("reason", "复诊参考外院结果").with(doctorC))
                .andExpect(status().isForbidden());
        mvc.perform(post("/clinic/patients/" + city.personKey() + "/consent-request").param("reason", " ").with(doctorC).with(csrf()))
                .andExpect(redirectedUrl("/clinic/patients/" + city.personKey()));
        assertThat(jdbc.queryForObject("select count(*) from consent where person_key = ?", Integer.class, city.personKey())).isZero();
        mvc.perform(post("/clinic/patients/" + city.personKey() + "/consent-request").param("reason", "复诊参考外院结果").with(doctorC).with(csrf()))
                .andExpect(redirectedUrl("/clinic/patients/" + city.personKey()));
        assertThat(jdbc.queryForObject("select status from consent where person_key = ? and grantee = ?", String.class, city.personKey(),
                "dr-c-" + city.c().toLowerCase())).isEqualTo("PROPOSED");
        assertThat(page(get("/clinic/patients/" + city.personKey()).with(doctorC))).contains("等待患者在居民门户确认").doesNotContain("甲院血糖检查");

        // Once the patient agrees, the page names the consent as the basis, in the reader's language.
        long consent = jdbc.queryForObject("select id from consent where person_key = ? and grantee = ?", Long.class, city.personKey(),
                "dr-c-" + city.c().toLowerCase());
        jdbc.update("update consent set status = 'ACTIVE' where id = ?", consent);
        assertThat(page(get("/clinic/patients/" + city.personKey()).with(doctorC))).contains("甲院血糖检查", "患者授权 #" + consent)
                .doesNotContain("consent " + consent);
    }

    @Test
    void anInVisitCodeOpensTheWholeRecordOnceAndOnlyOnce() throws Exception {
        City city = city("CV");
        var doctorC = staff("dr-v-" + city.c().toLowerCase(), Role.DOCTOR, city.c());
        String code = visitCodes.issue(city.personKey()).code();

        mvc.perform(post("/clinic/visit-code").param("code", code).with(doctorC).with(csrf()))
                .andExpect(redirectedUrl("/clinic/patients/" + city.personKey()));
        assertThat(page(get("/clinic/patients/" + city.personKey()).with(doctorC))).contains("甲院血糖检查", "乙院血脂检查", "访问依据：", "<span>就诊授权码</span>",
                        "检验趋势", "data-trends=", "影像检查与报告", "甲院血糖检查胸部CT", "乙院血脂检查未见明显异常", "240")
                .doesNotContain("需要患者授权", "visit code");
        assertThat(page(get("/clinic").with(doctorC))).contains("授权我查看的患者", "#" + city.personKey(), "就诊授权码");

        var other = staff("dr-w-" + city.c().toLowerCase(), Role.DOCTOR, city.c());
        mvc.perform(post("/clinic/visit-code").param("code", code).with(other).with(csrf())).andExpect(redirectedUrl("/clinic"));
        assertThat(page(get("/clinic/patients/" + city.personKey()).with(other))).contains("需要患者授权");
        mvc.perform(post("/clinic/visit-code").param("code", "12a").with(other).with(csrf())).andExpect(redirectedUrl("/clinic"));
        assertThat(jdbc.queryForObject("select count(*) from consent where person_key = ? and origin = 'VISIT_CODE'", Integer.class,
                city.personKey())).isEqualTo(1);
    }

    @Test
    void breakingTheGlassShowsTheTrafficLightAndGoesToTheHospitalsReview() throws Exception {
        City city = city("CE");
        var emergency = staff("er-" + city.c().toLowerCase(), Role.EMERGENCY_DOCTOR, city.c());
        assertThat(page(get("/clinic/emergency").with(emergency))).contains("急诊破窗", "name=\"residentId\"", "患者昏迷，无法授权");

        String noReason = page(post("/clinic/emergency").param("residentId", city.resident().value()).with(emergency).with(csrf()));
        assertThat(noReason).contains("破窗必须填写理由").doesNotContain("青霉素", "磺胺类");
        String invalid = page(post("/clinic/emergency").param("residentId", "330106195801011234").param("reason", "x昏迷")
                .with(emergency).with(csrf()));
        assertThat(invalid).contains("不是有效的居民身份证号").doesNotContain("赵临床");

        String light = page(post("/clinic/emergency").param("residentId", city.resident().value()).param("reason", "患者昏迷，无法授权")
                .param("reasonText", "车祸送医").with(emergency).with(csrf()));
        assertThat(light).contains("light-red", "红灯", "青霉素", "磺胺类", "赵家属", "紧急联系人", "13800000000", "本次破窗已记录")
                .doesNotContain("甲院血糖检查");
        assertThat(jdbc.queryForObject("select reason from break_glass where person_key = ?", String.class, city.personKey()))
                .isEqualTo("患者昏迷，无法授权：车祸送医");

        var plainDoctor = staff("dr-e-" + city.c().toLowerCase(), Role.DOCTOR, city.c());
        mvc.perform(post("/clinic/emergency").param("residentId", city.resident().value()).param("reason", "昏迷").with(plainDoctor).with(csrf()))
                .andExpect(status().isForbidden());

        var officer = staff("po-" + city.c().toLowerCase(), Role.PRIVACY_OFFICER, city.c());
        String review = page(get("/privacy").with(officer));
        assertThat(review).contains("破窗访问审查", "患者昏迷，无法授权：车祸送医", "待审查", "AllergyIntolerance/");
        long id = jdbc.queryForObject("select id from break_glass where person_key = ?", Long.class, city.personKey());
        mvc.perform(post("/privacy/break-glass/" + id).param("verdict", "unjustified").with(officer).with(csrf()))
                .andExpect(redirectedUrl("/privacy"));
        assertThat(jdbc.queryForObject("select review_status from break_glass where id = ?", String.class, id)).isEqualTo("PENDING");
        mvc.perform(post("/privacy/break-glass/" + id).param("verdict", "justified").param("note", "急诊抢救").with(officer).with(csrf()))
                .andExpect(redirectedUrl("/privacy"));
        assertThat(jdbc.queryForObject("select review_status from break_glass where id = ?", String.class, id)).isEqualTo("JUSTIFIED");

        // Another hospital's officer neither sees nor reviews it.
        var otherOfficer = staff("po-" + city.a().toLowerCase(), Role.PRIVACY_OFFICER, city.a());
        assertThat(page(get("/privacy").with(otherOfficer))).doesNotContain("车祸送医");
        assertThat(page(get("/clinic/emergency").param("lang", "en").with(emergency))).contains("Break the glass", "Unconscious patient");
    }

    @Test
    void doctorsFindPatientsByNameAndBirthDate() throws Exception {
        City city = city("CN");
        var doctor = staff("dr-n-" + city.a().toLowerCase(), Role.DOCTOR, city.a());
        String found = page(get("/clinic").param("name", "赵临床").param("birthDate", city.resident().birthDate().toString()).with(doctor));
        assertThat(found).contains("候选患者", "/clinic/patients/" + city.personKey());
        assertThat(page(get("/clinic").param("q", "12345").with(doctor))).contains("不是有效的居民身份证号");
        mvc.perform(get("/clinic").with(operator())).andExpect(status().isForbidden());
        mvc.perform(get("/privacy").with(doctor)).andExpect(status().isForbidden());
    }

    @Test
    void operatorsCreateDoctorsAtRegisteredHospitalsOnly() throws Exception {
        City city = city("CO");
        String unknown = mvc.perform(post("/admin/accounts").with(operator()).with(csrf()).contentType("application/json")
                        .content("{\"username\":\"dr-nowhere\",\"role\":\"doctor\",\"organization\":\"NOPE\"}"))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(unknown).contains("registered hospital");
        assertThat(accounts.exists("dr-nowhere")).isFalse();
        String username = "dr-o-" + city.a().toLowerCase();
        String created = mvc.perform(post("/admin/accounts").with(operator()).with(csrf()).contentType("application/json")
                        .content("{\"username\":\"" + username + "\",\"role\":\"doctor\",\"displayName\":\"周医生\",\"organization\":\""
                                + city.a() + "\",\"department\":\"心内科\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        String password = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created).path("password").asText();
        assertThat(password).hasSizeGreaterThanOrEqualTo(16);
        mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
                .user(username).password(password)).andExpect(redirectedUrl("/clinic"));
        mvc.perform(post("/admin/accounts").with(user(username).roles("DOCTOR")).with(csrf()).contentType("application/json").content("{}"))
                .andExpect(status().isForbidden());
    }
}
