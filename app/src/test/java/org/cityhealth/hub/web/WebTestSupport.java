package org.cityhealth.hub.web;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.concurrent.atomic.AtomicInteger;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * One hub for all web UI tests (identical configuration, so Spring starts it once), in demo mode on a fresh
 * data directory. Tests share the data, so each uses its own source codes and resident IDs and asserts on
 * what it created rather than on global emptiness.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cityhealth.data-directory=${java.io.tmpdir}/cityhealth-web-tests-${random.uuid}",
        "cityhealth.demo=true"})
@AutoConfigureMockMvc
abstract class WebTestSupport {

    private static final AtomicInteger SOURCES = new AtomicInteger();

    @Autowired
    MockMvc mvc;

    @Autowired
    SourceRegistry sources;

    static RequestPostProcessor operator() {
        return user("admin").roles("OPERATOR");
    }

    /** A new source with a code no other test uses; returns its bearer token. */
    String registerSource(String prefix, String name) {
        String code = prefix + SOURCES.incrementAndGet();
        return sources.register(new NewSource(code, name, "三级甲等", "上城区", "HOSPITAL")).token();
    }

    void submit(String token, String bundle) throws Exception {
        mvc.perform(post("/fhir").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .contentType("application/fhir+json").content(bundle.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .andExpect(status().isOk());
    }

    /** A transaction with one Patient (with a resident ID) and one Observation about them. */
    static String patientWithObservation(String patientId, String residentId, String name, String test, double value, String unit,
                                         String when) {
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"%1$s",
                   "identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%2$s"}],
                   "name":[{"text":"%3$s"}],"gender":"female","birthDate":"1949-12-31"},
                  "request":{"method":"PUT","url":"Patient/%1$s"}},
                 {"resource":{"resourceType":"Observation","id":"%1$s-obs","status":"final",
                   "code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"%4$s"}]},
                   "subject":{"reference":"Patient/%1$s"},"effectiveDateTime":"%7$s",
                   "valueQuantity":{"value":%5$s,"unit":"%6$s"}},
                  "request":{"method":"PUT","url":"Observation/%1$s-obs"}}
                ]}""".formatted(patientId, residentId, name, test, value, unit, when);
    }
}
