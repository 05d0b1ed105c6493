package org.cityhealth.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.SourceRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/** Documents stored before {@code _content} existed are indexed once, by the backfill, and then found by their text. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = {
        "cityhealth.data-directory=${java.io.tmpdir}/cityhealth-backfill-tests-${random.uuid}", "cityhealth.demo=true"})
@AutoConfigureMockMvc
class ContentBackfillTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceRegistry sources;
    @Autowired
    ResourceStore store;
    @Autowired
    ContentBackfill backfill;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void indexesTheDocumentsOfAnOlderHubOnce() throws Exception {
        String token = sources.register(new NewSource("BFH", "回填测试医院", "二级甲等", "上城区", "HOSPITAL")).token();
        String text = Base64.getEncoder().encodeToString("出院小结：血压偏高，建议低盐饮食并复查。".getBytes(StandardCharsets.UTF_8));
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"BF1","identifier":[{"system":"urn:test:mrn","value":"BF1"}],"gender":"male"},
                  "request":{"method":"PUT","url":"Patient/BF1"}},
                 {"resource":{"resourceType":"DocumentReference","id":"BFD1","status":"current","subject":{"reference":"Patient/BF1"},
                   "content":[{"attachment":{"contentType":"text/plain; charset=utf-8","data":"%s"}}]},
                  "request":{"method":"PUT","url":"DocumentReference/BFD1"}}]}""".formatted(text);
        mvc.perform(post("/fhir").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).contentType("application/fhir+json").content(bundle))
                .andExpect(status().isOk());
        assertThat(contentSearch("低盐饮食")).hasSize(1);
        // As an older hub left them: no _content terms, and the backfill not yet run.
        jdbc.update("delete from search_token where param = '_content'");
        jdbc.update("delete from index_backfill");
        assertThat(contentSearch("低盐饮食")).isEmpty();

        assertThat(backfill.run()).isEqualTo(1);

        assertThat(contentSearch("低盐饮食")).hasSize(1);
        assertThat(contentSearch("血压偏高")).hasSize(1);
        assertThat(contentSearch("高血糖")).isEmpty();
        assertThat(jdbc.queryForObject("select resources from index_backfill where name = '_content'", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select (select count(*) from ledger_outbox where action = 'storage.reindex')"
                + " + (select count(*) from ledger_entry where action = 'storage.reindex')", Integer.class)).as("recorded").isPositive();
        int terms = jdbc.queryForObject("select count(*) from search_token where param = '_content'", Integer.class);
        assertThat(backfill.run()).as("once per database").isZero();
        assertThat(jdbc.queryForObject("select count(*) from search_token where param = '_content'", Integer.class)).isEqualTo(terms);
    }

    private List<String> contentSearch(String text) {
        return store.search(new SearchRequest("DocumentReference", List.of(new SearchCriterion.Content(List.of(ContentTerms.query(text)))),
                SearchRequest.Sort.ID, 100, 0, false)).resources().stream().map(StoredResource::id).toList();
    }
}
