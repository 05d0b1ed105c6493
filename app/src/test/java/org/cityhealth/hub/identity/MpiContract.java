package org.cityhealth.hub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The master person index over real HTTP: deterministic links, review, merge and unmerge with history, the
 * newborn who gets an ID later, $match, $ihe-pix, data quality per source and refusals. Runs on H2 and PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "cityhealth.mpi.training-check=1h")
abstract class MpiContract {

    private static int sequence = 100;

    @LocalServerPort
    int port;

    @Autowired
    AdminBootstrap admin;

    HubClient hub;

    @BeforeEach
    void connect() {
        hub = new HubClient(port, admin.demoPassword());
    }

    static synchronized String residentId(LocalDate birth) {
        sequence = (sequence + 1) % 1000;
        return ResidentId.of("330106", birth, sequence).value();
    }

    /** A Patient as a source sends it; null fields are left out. */
    static String patient(String id, String residentId, String family, String given, String gender, String birthDate, String phone,
                          String district, String mrnSystem) {
        List<String> identifiers = new ArrayList<>();
        if (residentId != null) {
            identifiers.add("{\"system\":\"urn:oid:2.16.156.10011.1.1\",\"value\":\"" + residentId + "\"}");
        }
        identifiers.add("{\"system\":\"" + mrnSystem + "\",\"value\":\"MRN-" + id + "\"}");
        StringBuilder json = new StringBuilder("{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"identifier\":[" + String.join(",", identifiers) + "]");
        if (family != null || given != null) {
            json.append(",\"name\":[{\"use\":\"official\"").append(family == null ? "" : ",\"family\":\"" + family + "\"")
                    .append(given == null ? "" : ",\"given\":[\"" + given + "\"]").append("}]");
        }
        if (gender != null) {
            json.append(",\"gender\":\"").append(gender).append('"');
        }
        if (birthDate != null) {
            json.append(",\"birthDate\":\"").append(birthDate).append('"');
        }
        if (phone != null) {
            json.append(",\"telecom\":[{\"system\":\"phone\",\"use\":\"mobile\",\"value\":\"").append(phone).append("\"}]");
        }
        if (district != null) {
            json.append(",\"address\":[{\"use\":\"home\",\"city\":\"杭州市\",\"district\":\"").append(district).append("\"}]");
        }
        return json.append('}').toString();
    }

    /** A transaction of Patients, each with one Observation so that moves of records can be seen. */
    static String bundle(String... patients) {
        StringBuilder entries = new StringBuilder();
        for (String patient : patients) {
            String id = patient.replaceFirst(".*?\"id\":\"([^\"]+)\".*", "$1");
            if (!entries.isEmpty()) {
                entries.append(',');
            }
            entries.append("{\"resource\":").append(patient).append(",\"request\":{\"method\":\"PUT\",\"url\":\"Patient/").append(id).append("\"}},")
                    .append("{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"obs-").append(id).append("\",\"status\":\"final\",")
                    .append("\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"4548-4\"}]},\"subject\":{\"reference\":\"Patient/")
                    .append(id).append("\"},\"effectiveDateTime\":\"2025-03-01T08:00:00+08:00\",\"valueQuantity\":{\"value\":6.1,\"unit\":\"%\"}},")
                    .append("\"request\":{\"method\":\"PUT\",\"url\":\"Observation/obs-").append(id).append("\"}}");
        }
        return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + entries + "]}";
    }

    /** The hub id of the source's patient. */
    String hubPatient(String[] source, String sourcePatientId) {
        for (JsonNode link : hub.get("/admin/mpi/patients?source=" + source[0]).json()) {
            if (link.path("sourcePatient").asText().equals(sourcePatientId)) {
                return link.path("patient").asText();
            }
        }
        throw new AssertionError("no patient " + sourcePatientId + " of " + source[0]);
    }

    long personOf(String[] source, String sourcePatientId) {
        for (JsonNode link : hub.get("/admin/mpi/patients?source=" + source[0]).json()) {
            if (link.path("sourcePatient").asText().equals(sourcePatientId)) {
                return link.path("person").asLong();
            }
        }
        throw new AssertionError("no patient " + sourcePatientId + " of " + source[0]);
    }

    HubClient.Response postAdmin(String path, String json) {
        return hub.send(HttpRequest.newBuilder(URI.create(hub.base() + path)).header("Authorization", hub.adminAuthorization())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HubClient.Response postFhirAsAdmin(String path, String json) {
        return hub.send(HttpRequest.newBuilder(URI.create(hub.base() + path)).header("Authorization", hub.adminAuthorization())
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    void ok(HubClient.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 299);
    }

    Set<String> everythingIds(String hubPatientId) {
        Set<String> ids = new HashSet<>();
        hub.get("/fhir/Patient/" + hubPatientId + "/$everything").json().path("entry")
                .forEach(entry -> ids.add(entry.path("resource").path("resourceType").asText() + "/" + entry.path("resource").path("id").asText()));
        return ids;
    }

    @Test
    void theSameResidentIdLinksAcrossSourcesAndALegacyFifteenDigitIdLinksToo() {
        String[] a = hub.newSource("MA");
        String[] b = hub.newSource("MB");
        String[] c = hub.newSource("MC");
        String id = ResidentId.of("330106", LocalDate.of(1962, 3, 4), 123).value();
        String legacy = id.substring(0, 6) + id.substring(8, 17);
        ok(hub.postJson(a[1], bundle(patient("a1", id, "李", "建国", "male", "1962-03-04", "13900000001", "西湖区", "urn:a"))));
        ok(hub.postJson(b[1], bundle(patient("b1", id.toLowerCase(), "李", "建國", "male", "1962-03-04", null, null, "urn:b"))));
        ok(hub.postJson(c[1], bundle(patient("c1", legacy, "李", "建国", "male", "1962-03-04", null, null, "urn:c"))));
        // The same source may hold one person twice under two of its own ids: they are one person too.
        ok(hub.postJson(a[1], bundle(patient("a2", id, "李", "建国", "male", "1962-03-04", null, null, "urn:a"))));
        long person = personOf(a, "a1");
        assertThat(personOf(a, "a2")).isEqualTo(person);
        assertThat(personOf(b, "b1")).isEqualTo(person);
        assertThat(personOf(c, "c1")).isEqualTo(person);
        assertThat(everythingIds(hubPatient(c, "c1"))).contains("Patient/" + hubPatient(a, "a1"), "Patient/" + hubPatient(b, "b1"));
        JsonNode history = hub.get("/admin/mpi/persons/" + person).json();
        assertThat(history.path("links")).hasSize(4);
        assertThat(history.path("history").findValuesAsText("action")).containsOnly("LINK");
    }

    @Test
    void differentValidIdsAreNeverLinkedAndANearMissIdGoesToReview() {
        String[] a = hub.newSource("MD");
        String[] b = hub.newSource("ME");
        LocalDate birth = LocalDate.of(1970, 7, 8);
        String first = residentId(birth);
        String second = residentId(birth);
        ok(hub.postJson(a[1], bundle(patient("twin-1", first, "赵", "一鸣", "male", birth.toString(), "13911112222", "上城区", "urn:d"))));
        ok(hub.postJson(a[1], bundle(patient("twin-2", second, "赵", "一鸣", "male", birth.toString(), "13911112222", "上城区", "urn:d"))));
        assertThat(personOf(a, "twin-1")).isNotEqualTo(personOf(a, "twin-2"));
        // One transposed digit: the check character fails, the record is stored, flagged, and only proposed.
        String transposed = first.substring(0, 10) + first.charAt(11) + first.charAt(10) + first.substring(12);
        assertThat(ResidentId.parse(transposed)).isEmpty();
        ok(hub.postJson(b[1], bundle(patient("near", transposed, "赵", "一鸣", "male", birth.toString(), "13911112222", "上城区", "urn:e"))));
        long near = personOf(b, "near");
        assertThat(near).isNotEqualTo(personOf(a, "twin-1")).isNotEqualTo(personOf(a, "twin-2"));
        JsonNode reviews = hub.get("/admin/mpi/reviews?limit=500").json().path("reviews");
        List<String> proposedFor = new ArrayList<>();
        reviews.forEach(review -> {
            if (review.path("patient").asText().equals(hubPatient(b, "near"))) {
                proposedFor.add(review.path("candidatePerson").asText());
                assertThat(review.path("levels").path("RESIDENT_ID").asText()).isIn("near (one digit or a transposition)", "different");
            }
        });
        assertThat(proposedFor).contains(Long.toString(personOf(a, "twin-1")));
        assertThat(hub.get("/admin/sources/" + b[0] + "/quality").json().path("counts").path("resident-id-invalid").asLong()).isEqualTo(1);
    }

    @Test
    void aReviewerLinksAndUnmergeMovesTheRecordsBackWithFullHistory() {
        String[] a = hub.newSource("MF");
        String[] b = hub.newSource("MG");
        LocalDate birth = LocalDate.of(1985, 11, 2);
        String id = residentId(birth);
        ok(hub.postJson(a[1], bundle(patient("x1", id, "孙", "丽华", "female", birth.toString(), "13700001111", "拱墅区", "urn:f"))));
        // No ID, a homophone in the given name: without a model the hub links nothing on weights, it asks.
        ok(hub.postJson(b[1], bundle(patient("y1", null, "孙", "莉华", "female", birth.toString(), "13700001111", "拱墅区", "urn:g"))));
        long person = personOf(a, "x1");
        long other = personOf(b, "y1");
        assertThat(other).isNotEqualTo(person);
        String y1 = hubPatient(b, "y1");
        JsonNode review = null;
        for (JsonNode candidate : hub.get("/admin/mpi/reviews?limit=500").json().path("reviews")) {
            if (candidate.path("patient").asText().equals(y1)) {
                review = candidate;
            }
        }
        assertThat(review).as("a review for the homophone record").isNotNull();
        assertThat(review.path("levels").path("NAME").asText()).isEqualTo("sounds the same");
        assertThat(review.path("candidatePerson").asLong()).isEqualTo(person);

        HubClient.Response noReason = postAdmin("/admin/mpi/reviews/" + review.path("id").asLong(), "{\"verdict\":\"LINK\"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().path("detail").asText()).contains("reason");
        ok(postAdmin("/admin/mpi/reviews/" + review.path("id").asLong(), "{\"verdict\":\"LINK\",\"reason\":\"同一手机号，核对身份证\"}"));
        assertThat(personOf(b, "y1")).isEqualTo(person);
        assertThat(everythingIds(hubPatient(a, "x1"))).contains("Patient/" + y1, "Observation/" + hubObservation(b, "y1"));
        HubClient.Response twice = postAdmin("/admin/mpi/reviews/" + review.path("id").asLong(), "{\"verdict\":\"SEPARATE\",\"reason\":\"x\"}");
        assertThat(twice.status()).isEqualTo(409);

        JsonNode merged = hub.get("/admin/mpi/persons/" + other).json();
        assertThat(merged.path("person").asLong()).as("a merged person resolves to the survivor").isEqualTo(person);

        ok(postAdmin("/admin/mpi/unmerge", "{\"patient\":\"" + y1 + "\",\"reason\":\"核实为不同人\"}"));
        assertThat(personOf(b, "y1")).as("back to the person it came from").isEqualTo(other);
        assertThat(everythingIds(hubPatient(a, "x1"))).doesNotContain("Patient/" + y1, "Observation/" + hubObservation(b, "y1"));
        assertThat(everythingIds(y1)).contains("Observation/" + hubObservation(b, "y1"));
        List<String> actions = hub.get("/admin/mpi/persons/" + person).json().path("history").findValuesAsText("action");
        assertThat(actions).contains("LINK", "MERGE", "UNMERGE");
        HubClient.Response nothingLeft = postAdmin("/admin/mpi/unmerge", "{\"patient\":\"" + y1 + "\",\"reason\":\"again\"}");
        assertThat(nothingLeft.status()).isEqualTo(409);
        // The patient is separated from the person for good: a re-link with a trained model leaves it apart.
        HubClient.Response started = postAdmin("/admin/mpi/relink", "");
        assertThat(started.status()).isEqualTo(202);
        JsonNode job = started.json();
        for (int polls = 0; polls < 300 && !job.path("phase").asText().matches("DONE|FAILED"); polls++) {
            sleep(100);
            job = hub.get("/admin/mpi/relink/" + job.path("id").asLong()).json();
        }
        assertThat(job.path("phase").asText()).as(job.toString()).isEqualTo("DONE");
        assertThat(hub.get("/admin/mpi/model").json().path("trained").asBoolean()).isTrue();
        assertThat(personOf(b, "y1")).isEqualTo(other);
        assertThat(personOf(a, "x1")).isEqualTo(person);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String hubObservation(String[] source, String sourcePatientId) {
        JsonNode page = hub.get("/fhir/Observation?patient=" + hubPatient(source, sourcePatientId)).json();
        return page.path("entry").get(0).path("resource").path("id").asText();
    }

    @Test
    void aNewbornWithoutIdJoinsItsPersonWhenTheIdAppears() {
        String[] hospital = hub.newSource("MH");
        String[] clinic = hub.newSource("MI");
        LocalDate birth = LocalDate.now().minusDays(20);
        String id = residentId(birth);
        ok(hub.postJson(hospital[1], bundle(patient("baby", null, "周", "小宝", "male", birth.toString(), "13500002222", "滨江区", "urn:h"))));
        ok(hub.postJson(clinic[1], bundle(patient("kid", id, "周", "子涵", "male", birth.toString(), "13500002222", "滨江区", "urn:i"))));
        assertThat(personOf(hospital, "baby")).isNotEqualTo(personOf(clinic, "kid"));
        // The hospital updates the record with the ID the child now has.
        ok(hub.postJson(hospital[1], bundle(patient("baby", id, "周", "子涵", "male", birth.toString(), "13500002222", "滨江区", "urn:h"))));
        assertThat(personOf(hospital, "baby")).isEqualTo(personOf(clinic, "kid"));
        assertThat(hub.get("/admin/mpi/persons/" + personOf(clinic, "kid")).json().path("history").findValuesAsText("action")).contains("MOVE");
    }

    @Test
    void mergeRefusesPersonsWithDifferentIdsAndUnknownsAre404() {
        String[] a = hub.newSource("MJ");
        LocalDate birth = LocalDate.of(1990, 1, 15);
        ok(hub.postJson(a[1], bundle(patient("m1", residentId(birth), "钱", "多多", "female", birth.toString(), null, null, "urn:j"),
                patient("m2", residentId(birth), "钱", "少少", "female", birth.toString(), null, null, "urn:j"))));
        HubClient.Response refused = postAdmin("/admin/mpi/merge", "{\"survivor\":" + personOf(a, "m1") + ",\"merged\":" + personOf(a, "m2")
                + ",\"reason\":\"test\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("detail").asText()).contains("different resident IDs");
        assertThat(postAdmin("/admin/mpi/unmerge", "{\"patient\":\"nobody\",\"reason\":\"x\"}").status()).isEqualTo(404);
        assertThat(hub.get("/admin/mpi/persons/99999999").status()).isEqualTo(404);
        assertThat(postAdmin("/admin/mpi/reviews/99999999", "{\"verdict\":\"LINK\",\"reason\":\"x\"}").status()).isEqualTo(404);
        assertThat(postAdmin("/admin/mpi/merge", "{\"survivor\":1}").status()).isEqualTo(400);
    }

    @Test
    void garbageIdentityIsStoredFlaggedAndNeverBlocksTheBatch() {
        String[] a = hub.newSource("MK");
        ok(hub.postJson(a[1], bundle(
                patient("g1", "12345", "???", null, "female", "2999-01-01", "000", null, "urn:k"),
                patient("g2", null, "无名氏", null, null, "1850-03-01", null, null, "urn:k"),
                patient("g3", null, "吴", "正常", "male", "1975-04-05", "13812345678", "余杭区", "urn:k"))));
        JsonNode quality = hub.get("/admin/sources/" + a[0] + "/quality").json();
        assertThat(quality.path("counts").fieldNames()).toIterable()
                .contains("resident-id-invalid", "name-garbage", "birth-date-impossible", "phone-invalid", "name-placeholder");
        assertThat(quality.path("counts").path("birth-date-impossible").asLong()).isEqualTo(2);
        assertThat(hub.get("/admin/mpi/patients?source=" + a[0]).json()).hasSize(3);
        Set<Long> persons = new HashSet<>();
        hub.get("/admin/mpi/patients?source=" + a[0]).json().forEach(link -> persons.add(link.path("person").asLong()));
        assertThat(persons).as("garbage links nobody to anybody").hasSize(3);
    }

    @Test
    void matchFindsCertainAndPossiblePatientsWithGrades() {
        String[] a = hub.newSource("ML");
        LocalDate birth = LocalDate.of(1958, 9, 9);
        String id = residentId(birth);
        ok(hub.postJson(a[1], bundle(patient("p1", id, "欧阳", "明远", "male", birth.toString(), "13600003333", "萧山区", "urn:l"))));
        String query = """
                {"resourceType":"Parameters","parameter":[{"name":"resource","resource":%s},{"name":"count","valueInteger":5}]}""";
        JsonNode certain = postFhirAsAdmin("/fhir/Patient/$match",
                query.formatted(patient("q", id, "欧阳", "明远", "male", birth.toString(), null, null, "urn:q"))).json();
        assertThat(certain.path("resourceType").asText()).isEqualTo("Bundle");
        assertThat(certain.path("entry").get(0).path("resource").path("id").asText()).isEqualTo(hubPatient(a, "p1"));
        assertThat(certain.path("entry").get(0).path("search").path("mode").asText()).isEqualTo("match");
        assertThat(certain.path("entry").get(0).path("search").path("score").asDouble()).isEqualTo(1.0);
        assertThat(certain.path("entry").get(0).path("search").path("extension").get(0).path("valueCode").asText()).isEqualTo("certain");

        String byName = query.formatted(patient("q", null, "歐陽", "明遠", "male", birth.toString(), "13600003333", null, "urn:q"));
        JsonNode possible = postFhirAsAdmin("/fhir/Patient/$match", byName).json();
        assertThat(possible.path("entry").get(0).path("resource").path("id").asText()).isEqualTo(hubPatient(a, "p1"));
        assertThat(possible.path("entry").get(0).path("search").path("extension").get(0).path("valueCode").asText()).isIn("probable", "possible");
        JsonNode onlyCertain = postFhirAsAdmin("/fhir/Patient/$match", byName.replace("{\"name\":\"count\",\"valueInteger\":5}",
                "{\"name\":\"onlyCertainMatches\",\"valueBoolean\":true}")).json();
        assertThat(onlyCertain.path("total").asInt()).isZero();

        HubClient.Response notParameters = postFhirAsAdmin("/fhir/Patient/$match", "{\"resourceType\":\"Patient\"}");
        assertThat(notParameters.status()).isEqualTo(400);
        assertThat(notParameters.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
        HubClient.Response noResource = postFhirAsAdmin("/fhir/Patient/$match", "{\"resourceType\":\"Parameters\"}");
        assertThat(noResource.status()).isEqualTo(400);
        assertThat(noResource.json().path("issue").get(0).path("diagnostics").asText()).contains("resource");
        assertThat(postFhirAsAdmin("/fhir/Patient/$match", "not json").status()).isEqualTo(400);
        HubClient.Response nothingToMatch = postFhirAsAdmin("/fhir/Patient/$match", query.formatted("{\"resourceType\":\"Patient\",\"gender\":\"male\"}"));
        assertThat(nothingToMatch.status()).isEqualTo(400);
        assertThat(nothingToMatch.json().path("issue").get(0).path("diagnostics").asText()).contains("nothing to match on");
    }

    @Test
    void pixReturnsEveryIdentifierOfThePersonAcrossSources() {
        String[] a = hub.newSource("MM");
        String[] b = hub.newSource("MN");
        LocalDate birth = LocalDate.of(1966, 6, 6);
        String id = residentId(birth);
        ok(hub.postJson(a[1], bundle(patient("pa", id, "冯", "志强", "male", birth.toString(), null, null, "urn:mrn:a"))));
        ok(hub.postJson(b[1], bundle(patient("pb", id, "冯", "志强", "male", birth.toString(), null, null, "urn:mrn:b"))));
        JsonNode answer = hub.get("/fhir/Patient/$ihe-pix?sourceIdentifier=urn:mrn:a%7CMRN-pa").json();
        assertThat(answer.path("resourceType").asText()).isEqualTo("Parameters");
        List<String> values = answer.path("parameter").findValuesAsText("value");
        assertThat(values).contains("MRN-pb", id);
        List<String> references = answer.path("parameter").findValuesAsText("reference");
        assertThat(references).contains("Patient/" + hubPatient(b, "pb"), "Patient/" + hubPatient(a, "pa"));
        JsonNode onlyB = hub.get("/fhir/Patient/$ihe-pix?sourceIdentifier=urn:mrn:a%7CMRN-pa&targetSystem=urn:mrn:b").json();
        assertThat(onlyB.path("parameter").findValuesAsText("value")).containsExactly("MRN-pb");
        assertThat(onlyB.path("parameter").findValuesAsText("reference")).containsExactly("Patient/" + hubPatient(b, "pb"));
        assertThat(hub.get("/fhir/Patient/$ihe-pix?sourceIdentifier=urn:mrn:a%7Cnobody").status()).isEqualTo(404);
        HubClient.Response malformed = hub.get("/fhir/Patient/$ihe-pix?sourceIdentifier=nobar");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    }
}
