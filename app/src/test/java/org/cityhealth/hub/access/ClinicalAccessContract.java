package org.cityhealth.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.HubSettings;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.ledger.LedgerQuery;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.hub.ledger.LedgerRow;
import org.cityhealth.hub.ledger.Pseudonyms;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Clinical access over real HTTP, end to end: two hospitals H001 and H002 send records of one person; doctors,
 * emergency doctors, citizens and researchers read them through the FHIR API with sessions, HTTP Basic, the hub's own
 * JWTs and an external OpenID provider's; consents, in-visit codes and break-the-glass open what the policy allows and
 * no more, and every refusal is on the ledger. Runs once on H2 and once on PostgreSQL.
 *
 * <p>Each test makes its own person and accounts, so tests share the hub's two hospitals but nothing else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cityhealth.access.break-glass-per-hour=3"})
abstract class ClinicalAccessContract {

    static final String RESIDENT_SYSTEM = "urn:oid:2.16.156.10011.1.1";
    static final String PASSWORD = "Clinic-Passw0rd";
    static final String REASON_HEADER = "X-Break-Glass-Reason";
    /** The break-the-glass limit per doctor and hour these tests run with (see the properties above). */
    static final int BREAK_GLASS_PER_HOUR = 3;

    /** The external OpenID provider: its issuer, its signing key and a key it does not publish. */
    static final String IDP_ISSUER = "https://idp.test";
    static final RSAKey IDP_KEY = rsaKey("idp-1");
    static final RSAKey STRANGER_KEY = rsaKey("stranger-1");
    static final HttpServer JWKS = jwksServer();

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Map<String, String> SOURCE_TOKENS = new ConcurrentHashMap<>();
    private static final Pattern CSRF = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]+)\"");

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("cityhealth.access.oidc.issuer", () -> IDP_ISSUER);
        registry.add("cityhealth.access.oidc.jwk-set-uri", () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
    }

    @LocalServerPort
    int port;

    @Autowired
    AdminBootstrap admin;

    @Autowired
    AccountService accounts;

    @Autowired
    SourceRegistry sources;

    @Autowired
    PersonIndex persons;

    @Autowired
    VisitCodes visitCodes;

    @Autowired
    BreakGlassLog breakGlass;

    @Autowired
    Consents consents;

    @Autowired
    LedgerReader ledger;

    @Autowired
    Pseudonyms pseudonyms;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HubSettings hubSettings;

    HubClient hub;

    @BeforeEach
    void connect() {
        hub = new HubClient(port, admin.demoPassword());
    }

    // --- Scenarios ---------------------------------------------------------------------------------------------------

    @Test
    void aDoctorWithoutConsentSeesOnlyTheirOwnHospitalsRecords() {
        Person person = newPerson();
        String doctor = staff(Role.DOCTOR, "H002");

        HubClient.Response refused = get("/fhir/Patient/" + person.h1Patient(), basic(doctor));
        assertOutcome(refused, 403, "forbidden", "consent");
        assertRefusalDisclosesNothing(person, refused.body());

        assertStatus(get("/fhir/Patient/" + person.h2Patient(), basic(doctor)), 200);
        for (String other : List.of("Condition/" + person.diabetes(), "Condition/" + person.depression(), "AllergyIntolerance/" + person.allergy(),
                "MedicationStatement/" + person.warfarin(), "Observation/" + person.h1Observation())) {
            HubClient.Response response = get("/fhir/" + other, basic(doctor));
            assertStatus(response, 403, other);
            assertRefusalDisclosesNothing(person, response.body());
        }

        // $everything on either hospital's patient id: the person's record as far as H002 may see it, which is what H002 sent.
        for (String patient : List.of(person.h1Patient(), person.h2Patient())) {
            HubClient.Response everything = get("/fhir/Patient/" + patient + "/$everything", basic(doctor));
            assertThat(everything.status()).as(everything.body()).isEqualTo(200);
            assertThat(references(everything.json())).containsExactlyInAnyOrder("Patient/" + person.h2Patient(),
                    "Condition/" + person.hypertension(), "Observation/" + person.h2Observation(), "Organization/" + person.h2Organization());
            assertNothingOf(person, everything.body());
        }

        // Searches leave out what H002 may not see, including the count that would reveal it.
        for (String search : List.of("Condition?patient=" + person.h1Patient(), "Observation?patient=" + person.h1Patient(),
                "AllergyIntolerance?patient=" + person.h1Patient(), "MedicationStatement?patient=" + person.h1Patient(),
                "Patient?_id=" + person.h1Patient())) {
            HubClient.Response response = get("/fhir/" + search, basic(doctor));
            assertStatus(response, 200, search);
            assertThat(response.json().path("entry")).as(search).isEmpty();
            assertThat(response.json().path("total").asInt(0)).as(search).isZero();
            assertRefusalDisclosesNothing(person, response.body());
        }
        HubClient.Response byResidentId = get("/fhir/Patient?identifier=" + RESIDENT_SYSTEM + "%7C" + person.residentId(), basic(doctor));
        assertThat(references(byResidentId.json())).containsExactly("Patient/" + person.h2Patient());

        // Each refused read is on the ledger, about the person, with why.
        List<String> denied = published(doctor, "fhir.read", person.key(), "deny", 6);
        assertThat(denied).hasSize(6).allSatisfy(entry -> assertThat(entry).contains("consent").doesNotContain(person.residentId()));
    }

    @Test
    void aConsentOpensTheOtherHospitalsRecordsButNotASensitiveCategoryUntilNamedAndRevokingClosesThemAtOnce() {
        Person person = newPerson();
        String doctor = staff(Role.DOCTOR, "H002");
        String citizen = citizen(person);

        HubClient.Response granted = postConsent(citizen, consent(SOURCE_RECIPIENT, "H002", List.of(), null, null));
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        assertThat(granted.json().path("resourceType").asText()).isEqualTo("Consent");
        assertThat(granted.json().path("status").asText()).isEqualTo("active");
        assertThat(granted.header("Location")).endsWith("/fhir/Consent/" + granted.json().path("id").asText());
        String hospitalConsent = granted.json().path("id").asText();

        for (String open : List.of("Patient/" + person.h1Patient(), "Condition/" + person.diabetes(), "AllergyIntolerance/" + person.allergy(),
                "MedicationStatement/" + person.warfarin(), "Observation/" + person.h1Observation())) {
            assertStatus(get("/fhir/" + open, basic(doctor)), 200, open);
        }
        HubClient.Response depression = get("/fhir/Condition/" + person.depression(), basic(doctor));
        assertOutcome(depression, 403, "forbidden", "sensitive category");
        assertThat(depression.body()).doesNotContain("F32", "抑郁", person.residentId());
        HubClient.Response everything = get("/fhir/Patient/" + person.h2Patient() + "/$everything", basic(doctor));
        assertThat(references(everything.json())).contains("Patient/" + person.h1Patient(), "Condition/" + person.diabetes(),
                "AllergyIntolerance/" + person.allergy(), "MedicationStatement/" + person.warfarin(), "Condition/" + person.hypertension())
                .doesNotContain("Condition/" + person.depression());
        assertThat(everything.body()).doesNotContain("F32", "抑郁");
        assertThat(references(get("/fhir/Condition?patient=" + person.h1Patient(), basic(doctor)).json()))
                .containsExactly("Condition/" + person.diabetes());

        // A second consent, to the doctor by name, that names mental health opens the depression too.
        HubClient.Response psy = postConsent(citizen, consent(ACCOUNT_RECIPIENT, doctor, List.of("PSY"), null, null));
        assertThat(psy.status()).as(psy.body()).isEqualTo(201);
        assertThat(psy.json().path("provision").path("securityLabel").get(0).path("code").asText()).isEqualTo("PSY");
        HubClient.Response opened = get("/fhir/Condition/" + person.depression(), basic(doctor));
        assertThat(opened.status()).as(opened.body()).isEqualTo(200);
        assertThat(opened.body()).contains("F32.9");

        // The doctor sees the consents granted to them; the citizen sees both.
        assertThat(get("/fhir/Consent", basic(doctor)).json().path("entry")).hasSize(2);
        assertThat(get("/fhir/Consent", basic(citizen)).json().path("total").asInt()).isEqualTo(2);

        // Revoking takes effect on the very next read.
        HubClient.Response revoked = delete("/fhir/Consent/" + psy.json().path("id").asText(), basic(citizen));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().path("status").asText()).isEqualTo("inactive");
        assertStatus(get("/fhir/Condition/" + person.depression(), basic(doctor)), 403);
        assertStatus(get("/fhir/Condition/" + person.diabetes(), basic(doctor)), 200);
        assertStatus(delete("/fhir/Consent/" + hospitalConsent, basic(citizen)), 200);
        HubClient.Response closed = get("/fhir/Patient/" + person.h1Patient(), basic(doctor));
        assertOutcome(closed, 403, "forbidden", "consent");
        assertStatus(get("/fhir/Condition/" + person.diabetes(), basic(doctor)), 403);

        // Only the citizen manages their consents: a doctor may neither grant nor revoke one.
        assertStatus(postConsent(doctor, consent(SOURCE_RECIPIENT, "H002", List.of(), null, null)), 403);
        assertStatus(delete("/fhir/Consent/" + hospitalConsent, basic(doctor)), 403);
        // Another citizen cannot revoke (or learn of) this one.
        String stranger = citizen(newPerson());
        assertStatus(delete("/fhir/Consent/" + hospitalConsent, basic(stranger)), 404);
        assertStatus(get("/fhir/Consent/" + hospitalConsent, basic(stranger)), 404);
        assertThat(published(citizen, "consent.revoke", person.key(), "permit", 2)).hasSize(2);
    }

    @Test
    void invalidConsentsAreRefusedWithAnOperationOutcomeAndStoreNothing() {
        Person person = newPerson();
        String citizen = citizen(person);
        Instant now = Instant.now();

        assertInvalid(postConsent(citizen, "this is not JSON"), 400);
        assertInvalid(postConsent(citizen, ""), 400);
        assertInvalid(postConsent(citizen, "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"王\"}]}"), 400);
        assertInvalid(postConsent(citizen, consent("urn:example:people", "someone", List.of(), null, null)), 422);
        assertInvalid(postConsent(citizen, consent(SOURCE_RECIPIENT, "H002", List.of("SECRET"), null, null)), 422);
        assertInvalid(postConsent(citizen, consent(SOURCE_RECIPIENT, "H002", List.of(), now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(1)))), 422);
        assertInvalid(postConsent(citizen, consent(SOURCE_RECIPIENT, "H002", List.of(), now, now)), 422);
        assertInvalid(postConsent(citizen, consent(SOURCE_RECIPIENT, "", List.of(), null, null)), 422);
        assertInvalid(postConsent(citizen, consent(SOURCE_RECIPIENT, "H002", List.of(), null, null).replace("\"permit\"", "\"deny\"")), 422);

        assertThat(consents.of(person.key())).isEmpty();
        assertThat(get("/fhir/Consent", basic(citizen)).json().path("total").asInt(-1)).isZero();
        assertThat(published(citizen, "consent.grant", person.key(), null, 0)).isEmpty();
    }

    @Test
    void anInVisitCodeOpensTheRecordOnceForTheDoctorWhoEntersIt() {
        Person person = newPerson();
        String doctor = staff(Role.DOCTOR, "H002");
        Subject asDoctor = subjectOf(doctor);
        assertStatus(get("/fhir/Patient/" + person.h1Patient(), basic(doctor)), 403);

        VisitCodes.Issued issued = visitCodes.issue(person.key());
        assertThat(issued.code()).matches("\\d{6}");
        assertThat(issued.expiresAt()).isAfter(Instant.now());
        // The workstation's code box: the doctor lands on the patient's page.
        HubClient.Response entered = postForm("/clinic/visit-code", basic(doctor), "code=" + issued.code());
        assertThat(entered.status()).as(entered.body()).isEqualTo(302);
        assertThat(entered.header("Location")).endsWith("/clinic/patients/" + person.key());

        assertStatus(get("/fhir/Patient/" + person.h1Patient(), basic(doctor)), 200);
        assertStatus(get("/fhir/AllergyIntolerance/" + person.allergy(), basic(doctor)), 200);
        assertStatus(get("/fhir/Condition/" + person.depression(), basic(doctor)), 403, "no sensitive category by code");
        // Only the doctor who entered it: a colleague of the same hospital still needs consent.
        String colleague = staff(Role.DOCTOR, "H002");
        assertStatus(get("/fhir/Patient/" + person.h1Patient(), basic(colleague)), 403);

        // The same code again: refused, on the workstation and at the service.
        HubClient.Response again = postForm("/clinic/visit-code", basic(colleague), "code=" + issued.code());
        assertStatus(again, 302);
        assertThat(again.header("Location")).endsWith("/clinic");
        assertStatus(get("/fhir/Patient/" + person.h1Patient(), basic(colleague)), 403);
        assertRefused(() -> visitCodes.redeem(issued.code(), asDoctor), "USED");
        assertThat(published(null, "visit-code.redeem", person.key(), "deny", 2)).anySatisfy(entry -> assertThat(entry).contains("\"USED\""));

        // Wrong codes: each refused; after five in ten minutes even a right one is.
        String wrong = issued.code().equals("000000") ? "000001" : "000000";
        assertRefused(() -> visitCodes.redeem(wrong, asDoctor), "UNKNOWN");
        assertRefused(() -> visitCodes.redeem("12345", asDoctor), "INVALID");
        for (int i = 0; i < 4; i++) {
            assertRefused(() -> visitCodes.redeem(wrong, asDoctor), "UNKNOWN");
        }
        VisitCodes.Issued fresh = visitCodes.issue(person.key());
        assertRefused(() -> visitCodes.redeem(fresh.code(), asDoctor), "TOO_MANY_ATTEMPTS");
        // Another doctor is not held back by this one's mistakes, and the fresh code still works for them.
        String third = staff(Role.DOCTOR, "H002");
        ConsentRecord grant = visitCodes.redeem(fresh.code(), subjectOf(third));
        assertThat(grant.origin()).isEqualTo(ConsentRecord.Origin.VISIT_CODE);
        assertThat(grant.grantee()).isEqualTo(third);
        assertThat(grant.validTo()).isAfter(Instant.now().plus(Duration.ofHours(23)));

        // An expired code.
        VisitCodes.Issued late = visitCodes.issue(person.key());
        String fourth = staff(Role.DOCTOR, "H002");
        jdbc.update("update visit_code set expires_at = ? where person_key = ? and used_at is null",
                java.sql.Timestamp.from(Instant.now().minusSeconds(60)), person.key());
        assertRefused(() -> visitCodes.redeem(late.code(), subjectOf(fourth)), "EXPIRED");
        assertStatus(get("/fhir/Patient/" + person.h1Patient(), basic(fourth)), 403);
    }

    @Test
    void breakingTheGlassShowsTheEmergencySummaryWithoutSensitiveDataAndIsLoggedForReview() {
        Person person = newPerson();
        String emergency = staff(Role.EMERGENCY_DOCTOR, "H002");
        String summary = "/fhir/Patient/$summary?identifier=" + RESIDENT_SYSTEM + "%7C" + person.residentId();

        // Without breaking the glass the doctor's usual rights decide: H002's own records, nothing of H001's.
        HubClient.Response usual = get(summary, basic(emergency));
        assertThat(usual.status()).as(usual.body()).isEqualTo(200);
        assertThat(sectionReferences(usual.json())).doesNotContain("AllergyIntolerance/" + person.allergy(),
                "MedicationStatement/" + person.warfarin());
        // A hospital that sent nothing about the person: no consent, no summary.
        String stranger = staff(Role.EMERGENCY_DOCTOR, "H003");
        assertOutcome(get(summary, basic(stranger)), 403, "forbidden", "consent");

        HubClient.Response shown = get(summary, basic(emergency), REASON_HEADER, URLEncoder.encode("患者昏迷", StandardCharsets.UTF_8));
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        JsonNode document = shown.json();
        assertThat(document.path("type").asText()).isEqualTo("document");
        assertThat(document.path("entry").get(0).path("resource").path("resourceType").asText()).isEqualTo("Composition");
        assertThat(sectionReferences(document)).contains("AllergyIntolerance/" + person.allergy(), "MedicationStatement/" + person.warfarin(),
                "Condition/" + person.diabetes(), "Condition/" + person.hypertension()).doesNotContain("Condition/" + person.depression());
        assertThat(shown.body()).contains("B01AA03").doesNotContain("F32", "抑郁");

        List<BreakGlassLog.Entry> logged = breakGlass.forPerson(person.key());
        assertThat(logged).hasSize(1);
        assertThat(logged.getFirst().reason()).isEqualTo("患者昏迷");
        assertThat(logged.getFirst().review()).isEqualTo(BreakGlassLog.Review.PENDING);
        assertThat(logged.getFirst().doctor()).isEqualTo(emergency);
        assertThat(logged.getFirst().organization()).isEqualTo("H002");
        assertThat(logged.getFirst().channel()).isEqualTo("fhir");
        assertThat(logged.getFirst().viewed()).contains("AllergyIntolerance/" + person.allergy())
                .doesNotContain("Condition/" + person.depression());

        // Only emergency doctors break the glass; a reason is required; bad and unknown resident IDs are told apart.
        String doctor = staff(Role.DOCTOR, "H002");
        assertOutcome(get(summary, basic(doctor), REASON_HEADER, "emergency"), 403, "forbidden", "emergency doctors");
        assertOutcome(get(summary, basic(emergency), REASON_HEADER, ""), 400, "required", "reason");
        assertOutcome(get(summary, basic(emergency), REASON_HEADER, "x"), 400, "required", "reason");
        String invalid = person.residentId().substring(0, 17) + (person.residentId().charAt(17) == '1' ? "2" : "1");
        assertOutcome(get("/fhir/Patient/$summary?identifier=" + RESIDENT_SYSTEM + "%7C" + invalid, basic(emergency), REASON_HEADER, "coma"),
                400, "invalid", "resident ID");
        String unknown = ResidentId.of("330106", LocalDate.of(1901, 1, 1), 999).value();
        assertOutcome(get("/fhir/Patient/$summary?identifier=" + RESIDENT_SYSTEM + "%7C" + unknown, basic(emergency), REASON_HEADER, "coma"),
                404, "not-found", "resident ID");
        assertThat(breakGlass.forPerson(person.key())).as("refusals are not accesses").hasSize(1);

        // The hourly limit: refused and alerted beyond it. A reason with a bare '%' is text, not a broken percent-encoding.
        assertStatus(get(summary, basic(emergency), REASON_HEADER, "SpO2 80%"), 200);
        assertThat(breakGlass.forPerson(person.key()).getFirst().reason()).isEqualTo("SpO2 80%");
        for (int i = 2; i < BREAK_GLASS_PER_HOUR; i++) {
            assertStatus(get(summary, basic(emergency), REASON_HEADER, "cardiac arrest"), 200);
        }
        assertOutcome(get(summary, basic(emergency), REASON_HEADER, "cardiac arrest"), 429, "throttled", "limit");
        assertThat(breakGlass.forPerson(person.key())).hasSize(BREAK_GLASS_PER_HOUR);

        // Each refusal about the person is a deny on the ledger with its reason.
        List<String> denied = new ArrayList<>(published(stranger, "access.person", person.key(), "deny", 1));
        denied.addAll(published(doctor, "access.person", person.key(), "deny", 1));
        denied.addAll(published(emergency, "access.person", person.key(), "deny", 3));
        assertThat(String.join("\n", denied)).contains("\"CONSENT_REQUIRED\"", "\"ROLE\"", "\"REASON_REQUIRED\"", "\"RATE_LIMITED\"");
        assertThat(published(emergency, "alert.break-glass", person.key(), "deny", 1)).isNotEmpty();
        // The lookups of resident IDs that are invalid or unknown are refusals too.
        assertThat(published(emergency, "fhir.summary", null, "deny", 2)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(entry -> assertThat(entry).doesNotContain(unknown, invalid));
    }

    @Test
    void citizensSeeOnlyTheirOwnRecordAndResearchersNoIdentifiableRecord() {
        Person mine = newPerson();
        Person other = newPerson();
        String citizen = citizen(mine);

        assertStatus(get("/fhir/Patient/" + mine.h1Patient(), basic(citizen)), 200);
        HubClient.Response depression = get("/fhir/Condition/" + mine.depression(), basic(citizen));
        assertStatus(depression, 200, "a citizen's own record has no closed categories");
        HubClient.Response foreign = get("/fhir/Patient/" + other.h1Patient(), basic(citizen));
        assertOutcome(foreign, 404, "not-found", "not known");
        assertRefusalDisclosesNothing(other, foreign.body());
        assertStatus(get("/fhir/Condition/" + other.depression(), basic(citizen)), 404);
        assertStatus(get("/fhir/Patient/" + other.h1Patient() + "/$everything", basic(citizen)), 404);
        HubClient.Response search = get("/fhir/Condition?patient=" + other.h1Patient(), basic(citizen));
        assertThat(search.json().path("entry")).isEmpty();

        String researcher = staff(Role.RESEARCHER, null);
        assertOutcome(get("/fhir/Patient/" + mine.h1Patient(), basic(researcher)), 403, "forbidden", "researcher");
        assertStatus(get("/fhir/Patient", basic(researcher)), 403);
        HubClient.Response summary = get("/fhir/Patient/$summary?identifier=" + RESIDENT_SYSTEM + "%7C" + mine.residentId(), basic(researcher),
                REASON_HEADER, "research");
        assertStatus(summary, 403);
        assertRefusalDisclosesNothing(mine, summary.body());
        assertThat(published(researcher, "http.get", null, "deny", 3)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theHubsTokensCarryTheAccountsRightsNarrowedByTheirScopes() throws Exception {
        Person mine = newPerson();
        Person other = newPerson();
        String doctor = staff(Role.DOCTOR, "H002");
        String citizen = citizen(mine);

        HubClient.Response issued = postForm("/auth/token", basic(doctor), "scope=" + URLEncoder.encode("user/*.read", StandardCharsets.UTF_8));
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        assertThat(issued.json().path("token_type").asText()).isEqualTo("Bearer");
        assertThat(issued.json().path("scope").asText()).isEqualTo("user/*.read");
        assertThat(issued.header("Cache-Control")).contains("no-store");
        String doctorToken = issued.json().path("access_token").asText();
        assertStatus(get("/fhir/Patient/" + mine.h2Patient(), bearer(doctorToken)), 200);
        assertStatus(get("/fhir/Patient/" + mine.h1Patient(), bearer(doctorToken)), 403);
        assertThat(references(get("/fhir/Condition?patient=" + mine.h2Patient(), bearer(doctorToken)).json()))
                .containsExactly("Condition/" + mine.hypertension());

        // A narrower scope: Observations only.
        String observations = postForm("/auth/token", basic(doctor), "scope=" + URLEncoder.encode("user/Observation.rs", StandardCharsets.UTF_8))
                .json().path("access_token").asText();
        assertStatus(get("/fhir/Observation/" + mine.h2Observation(), bearer(observations)), 200);
        assertStatus(get("/fhir/Condition/" + mine.hypertension(), bearer(observations)), 403);

        String citizenToken = postForm("/auth/token", basic(citizen), "scope=" + URLEncoder.encode("patient/*.read", StandardCharsets.UTF_8))
                .json().path("access_token").asText();
        assertStatus(get("/fhir/Patient/" + mine.h1Patient(), bearer(citizenToken)), 200);
        assertStatus(get("/fhir/Condition/" + mine.depression(), bearer(citizenToken)), 200);
        HubClient.Response foreign = get("/fhir/Patient/" + other.h1Patient(), bearer(citizenToken));
        assertStatus(foreign, 404, "another person's record, as for the citizen's session");
        assertRefusalDisclosesNothing(other, foreign.body());
        HubClient.Response conditions = get("/fhir/Condition", bearer(citizenToken));
        assertThat(references(conditions.json())).contains("Condition/" + mine.depression(), "Condition/" + mine.hypertension())
                .doesNotContain("Condition/" + other.depression(), "Condition/" + other.diabetes());

        // Scopes the role may not have; write scopes; a token for another token.
        assertTokenError(postForm("/auth/token", basic(doctor), "scope=" + URLEncoder.encode("system/*.read", StandardCharsets.UTF_8)), "invalid_scope");
        assertTokenError(postForm("/auth/token", basic(citizen), "scope=" + URLEncoder.encode("user/*.read", StandardCharsets.UTF_8)), "invalid_scope");
        assertTokenError(postForm("/auth/token", basic(doctor), "scope=" + URLEncoder.encode("user/*.write", StandardCharsets.UTF_8)), "invalid_scope");
        assertTokenError(postForm("/auth/token", basic(doctor), "scope=openid"), "invalid_scope");
        assertTokenError(postForm("/auth/token", bearer(doctorToken), "scope=" + URLEncoder.encode("user/*.read", StandardCharsets.UTF_8)),
                "invalid_request");
        assertStatus(postForm("/auth/token", null, "scope=" + URLEncoder.encode("user/*.read", StandardCharsets.UTF_8)), 401);

        // Tokens that are not what the hub issued.
        assertUnauthorized(get("/fhir/Patient/" + mine.h2Patient(), bearer(tampered(doctorToken))));
        RSAKey hubKey = hubSigningKey();
        Consumer<JWTClaimsSet.Builder> asDoctor = claims -> claims.subject(doctor).claim("roles", List.of("DOCTOR"))
                .claim("organization", "H002").claim("scope", "user/*.read");
        assertStatus(get("/fhir/Patient/" + mine.h2Patient(), bearer(sign(hubKey, HubTokens.ISSUER, "cityhealth", 600, asDoctor))), 200,
                "a token the test signs as the hub is accepted, so the refusals below are the claims'");
        assertUnauthorized(get("/fhir/Patient/" + mine.h2Patient(), bearer(sign(hubKey, HubTokens.ISSUER, "another-service", 600, asDoctor))));
        assertUnauthorized(get("/fhir/Patient/" + mine.h2Patient(), bearer(sign(hubKey, HubTokens.ISSUER, "cityhealth", -600, asDoctor))));
        assertUnauthorized(get("/fhir/Patient/" + mine.h2Patient(), bearer(sign(STRANGER_KEY, HubTokens.ISSUER, "cityhealth", 600, asDoctor))));
        assertUnauthorized(get("/fhir/Patient/" + mine.h2Patient(), bearer("not-a-jwt.at-all.really")));
    }

    @Test
    void anExternalOpenIdProvidersTokensAreCheckedAgainstItsKeysIssuerAudienceAndLifetime() throws Exception {
        Person person = newPerson();
        String subject = "ext-" + nextTag();
        Consumer<JWTClaimsSet.Builder> doctor = claims -> claims.subject(subject).claim("roles", List.of("doctor"))
                .claim("organization", "H002").claim("scope", "user/*.read").claim("name", "外部医生");

        String valid = sign(IDP_KEY, IDP_ISSUER, "cityhealth", 300, doctor);
        assertStatus(get("/fhir/Patient/" + person.h2Patient(), bearer(valid)), 200);
        assertStatus(get("/fhir/Patient/" + person.h1Patient(), bearer(valid)), 403, "H002's rights: no consent for H001's");
        HubClient.Response emergencyRole = get("/fhir/Patient/$summary?identifier=" + RESIDENT_SYSTEM + "%7C" + person.residentId(),
                bearer(valid), REASON_HEADER, "coma");
        assertStatus(emergencyRole, 403, "a doctor's token does not break the glass");

        assertUnauthorized(get("/fhir/Patient/" + person.h2Patient(), bearer(sign(IDP_KEY, "https://other-idp.test", "cityhealth", 300, doctor))));
        assertUnauthorized(get("/fhir/Patient/" + person.h2Patient(), bearer(sign(IDP_KEY, IDP_ISSUER, "another-service", 300, doctor))));
        assertUnauthorized(get("/fhir/Patient/" + person.h2Patient(), bearer(sign(IDP_KEY, IDP_ISSUER, "cityhealth", -600, doctor))));
        assertUnauthorized(get("/fhir/Patient/" + person.h2Patient(), bearer(sign(STRANGER_KEY, IDP_ISSUER, "cityhealth", 300, doctor))));
        RSAKey impostor = rsaKey(IDP_KEY.getKeyID());
        assertUnauthorized(get("/fhir/Patient/" + person.h2Patient(), bearer(sign(impostor, IDP_ISSUER, "cityhealth", 300, doctor))));
        assertUnauthorized(get("/fhir/Patient/" + person.h2Patient(), bearer(sign(IDP_KEY, IDP_ISSUER, "cityhealth", 300,
                claims -> claims.subject(subject).claim("organization", "H002").claim("scope", "user/*.read")))));
        assertUnauthorized(get("/fhir/Patient/" + person.h2Patient(), bearer(sign(IDP_KEY, IDP_ISSUER, "cityhealth", 300,
                claims -> claims.subject(subject).claim("roles", List.of("superuser")).claim("scope", "user/*.read")))));
        // A provider cannot make anyone a source: SOURCE is dropped, and a token naming no other role is refused.
        assertUnauthorized(get("/fhir/Patient/" + person.h2Patient(), bearer(sign(IDP_KEY, IDP_ISSUER, "cityhealth", 300,
                claims -> claims.subject(subject).claim("roles", List.of("source")).claim("scope", "user/*.read")))));
        // A token without clinical scopes reads nothing.
        assertStatus(get("/fhir/Patient/" + person.h2Patient(), bearer(sign(IDP_KEY, IDP_ISSUER, "cityhealth", 300,
                claims -> claims.subject(subject).claim("roles", List.of("doctor")).claim("organization", "H002")))), 403);
    }

    @Test
    void aSignedInBrowserMustSendTheCsrfTokenWithEveryForm() throws Exception {
        String doctor = staff(Role.DOCTOR, "H002");
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/login")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        HttpResponse<String> signedIn = browser.send(form("/login", "username=" + doctor + "&password=" + PASSWORD + "&_csrf="
                + URLEncoder.encode(csrfToken(login.body()), StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/clinic");

        HttpResponse<String> withoutToken = browser.send(form("/clinic/visit-code", "code=123456"), HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        HttpResponse<String> forged = browser.send(form("/clinic/visit-code", "code=123456&_csrf=forged-token"), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(published(doctor, "visit-code", null, null, 0)).as("the refused forms did not run").isEmpty();

        HttpResponse<String> workstation = browser.send(HttpRequest.newBuilder(uri("/clinic")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(workstation.statusCode()).isEqualTo(200);
        HttpResponse<String> withToken = browser.send(form("/clinic/visit-code", "code=123456&_csrf="
                + URLEncoder.encode(csrfToken(workstation.body()), StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(302);
        assertThat(withToken.headers().firstValue("Location").orElseThrow()).endsWith("/clinic");
    }

    @Test
    void pagesAndApiAnswersCarryTheSecurityHeaders() {
        Person person = newPerson();
        String doctor = staff(Role.DOCTOR, "H002");
        HubClient.Response page = get("/login", null);
        HubClient.Response api = get("/fhir/Patient/" + person.h2Patient(), basic(doctor));
        HubClient.Response refusal = get("/fhir/Patient/" + person.h1Patient(), basic(doctor));
        assertStatus(page, 200);
        assertStatus(api, 200);
        for (HubClient.Response response : List.of(page, api, refusal)) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'", "default-src 'self'");
            assertThat(response.header("Referrer-Policy")).isIn("same-origin", "no-referrer", "strict-origin-when-cross-origin");
        }
        for (HubClient.Response response : List.of(api, refusal, get("/fhir/Patient?identifier=" + RESIDENT_SYSTEM + "%7C" + person.residentId(),
                basic(doctor)))) {
            assertThat(response.header("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenAgainstTheRightOne() {
        String doctor = staff(Role.DOCTOR, "H002");
        String path = "/fhir/Observation?code=4548-4";
        for (int i = 0; i < 5; i++) {
            HubClient.Response wrong = get(path, "Basic " + Base64.getEncoder().encodeToString((doctor + ":wrong-password-" + i)
                    .getBytes(StandardCharsets.UTF_8)));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("locked");
        }
        HubClient.Response locked = get(path, basic(doctor));
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.body()).contains("locked");
        assertThat(accounts.lockedUntil(doctor, Instant.now())).isPresent();
        assertThat(published(null, "login.lockout", null, "deny", 1)).anySatisfy(entry -> assertThat(entry).contains(doctor));
        // Another account is not affected.
        assertStatus(get(path, basic(staff(Role.DOCTOR, "H002"))), 200);
    }

    // --- The person and the accounts --------------------------------------------------------------------------------

    /** One person with records at two hospitals: hub ids of what each sent. */
    record Person(String residentId, long key, String h1Patient, String h2Patient, String diabetes, String depression, String allergy,
                  String warfarin, String h1Observation, String hypertension, String h2Observation, String h2Organization, String h1Mrn) {
    }

    static final String SOURCE_RECIPIENT = "urn:cityhealth:source";
    static final String ACCOUNT_RECIPIENT = "urn:cityhealth:account";

    Person newPerson() {
        int n = SEQUENCE.incrementAndGet();
        String tag = nextTag();
        LocalDate birthDate = LocalDate.of(1950, 1, 1).plusDays(n * 37L);
        String residentId = ResidentId.of("330106", birthDate, n % 1000).value();
        String h1Mrn = "MRN1-" + tag;
        HubClient.Response h1 = hub.postJson(sourceToken("H001"), """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"p-%1$s","identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%2$s"},
                   {"system":"urn:cityhealth:mrn:H001","value":"%3$s"}],"name":[{"text":"沈若兰"}],"gender":"female","birthDate":"%4$s",
                   "telecom":[{"system":"phone","value":"13900001111"}]},
                  "request":{"method":"PUT","url":"Patient/p-%1$s"}},
                 {"resource":{"resourceType":"Condition","id":"dm-%1$s","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
                   "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"E11.9","display":"2型糖尿病"}],"text":"2型糖尿病"},
                   "subject":{"reference":"Patient/p-%1$s"},"onsetDateTime":"2018-03-01"},
                  "request":{"method":"PUT","url":"Condition/dm-%1$s"}},
                 {"resource":{"resourceType":"Condition","id":"dep-%1$s","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
                   "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"F32.9","display":"抑郁发作"}],"text":"抑郁发作"},
                   "subject":{"reference":"Patient/p-%1$s"},"onsetDateTime":"2023-09-12"},
                  "request":{"method":"PUT","url":"Condition/dep-%1$s"}},
                 {"resource":{"resourceType":"AllergyIntolerance","id":"alg-%1$s",
                   "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},
                   "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification","code":"confirmed"}]},
                   "code":{"text":"青霉素"},"patient":{"reference":"Patient/p-%1$s"},"reaction":[{"manifestation":[{"text":"过敏性休克"}]}]},
                  "request":{"method":"PUT","url":"AllergyIntolerance/alg-%1$s"}},
                 {"resource":{"resourceType":"MedicationStatement","id":"war-%1$s","status":"active",
                   "medicationCodeableConcept":{"coding":[{"system":"http://www.whocc.no/atc","code":"B01AA03","display":"华法林"}],"text":"华法林钠片"},
                   "subject":{"reference":"Patient/p-%1$s"},"effectiveDateTime":"2025-11-02"},
                  "request":{"method":"PUT","url":"MedicationStatement/war-%1$s"}},
                 {"resource":{"resourceType":"Observation","id":"hba-%1$s","status":"final",
                   "code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"HbA1c"}]},"subject":{"reference":"Patient/p-%1$s"},
                   "effectiveDateTime":"2025-11-02T09:10:00+08:00","valueQuantity":{"value":7.4,"unit":"%%"}},
                  "request":{"method":"PUT","url":"Observation/hba-%1$s"}}
                ]}""".formatted(tag, residentId, h1Mrn, birthDate));
        assertThat(h1.status()).as(h1.body()).isEqualTo(200);
        HubClient.Response h2 = hub.postJson(sourceToken("H002"), """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:org-%1$s","resource":{"resourceType":"Organization","identifier":[{"system":"urn:cityhealth:org","value":"H002-%1$s"}],
                   "name":"第二人民医院"},"request":{"method":"POST","url":"Organization"}},
                 {"resource":{"resourceType":"Patient","id":"q-%1$s","identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%2$s"},
                   {"system":"urn:cityhealth:mrn:H002","value":"MRN2-%1$s"}],"name":[{"text":"沈若兰"}],"gender":"female","birthDate":"%3$s",
                   "managingOrganization":{"reference":"urn:uuid:org-%1$s"}},
                  "request":{"method":"PUT","url":"Patient/q-%1$s"}},
                 {"resource":{"resourceType":"Condition","id":"htn-%1$s","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
                   "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"I10","display":"原发性高血压"}],"text":"原发性高血压"},
                   "subject":{"reference":"Patient/q-%1$s"},"onsetDateTime":"2020-06-01"},
                  "request":{"method":"PUT","url":"Condition/htn-%1$s"}},
                 {"resource":{"resourceType":"Observation","id":"bp-%1$s","status":"final",
                   "code":{"coding":[{"system":"http://loinc.org","code":"8480-6","display":"收缩压"}]},"subject":{"reference":"Patient/q-%1$s"},
                   "effectiveDateTime":"2026-01-05T10:00:00+08:00","valueQuantity":{"value":152,"unit":"mmHg"}},
                  "request":{"method":"PUT","url":"Observation/bp-%1$s"}}
                ]}""".formatted(tag, residentId, birthDate));
        assertThat(h2.status()).as(h2.body()).isEqualTo(200);
        String h1Patient = hubId(h1, 0);
        String h2Patient = hubId(h2, 1);
        long key = persons.personOf(h1Patient).orElseThrow();
        assertThat(persons.personOf(h2Patient)).as("one person across both hospitals").contains(key);
        return new Person(residentId, key, h1Patient, h2Patient, hubId(h1, 1), hubId(h1, 2), hubId(h1, 3), hubId(h1, 4), hubId(h1, 5),
                hubId(h2, 2), hubId(h2, 3), hubId(h2, 0), h1Mrn);
    }

    /** The token of a hospital of this hub (registered on first use). */
    String sourceToken(String code) {
        return SOURCE_TOKENS.computeIfAbsent(port + "/" + code,
                key -> sources.register(new NewSource(code, "测试医院 " + code, "三级甲等", "西湖区", "HOSPITAL")).token());
    }

    String staff(Role role, String organization) {
        if (organization != null) {
            sourceToken(organization);
        }
        String username = role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + nextTag();
        accounts.createStaff(username, PASSWORD, role, "医生 " + username, organization, organization == null ? null : "急诊科");
        return username;
    }

    String citizen(Person person) {
        String username = "citizen-" + nextTag();
        accounts.createCitizen(username, PASSWORD, "沈若兰", person.key());
        return username;
    }

    Subject subjectOf(String username) {
        AccountService.Account account = accounts.account(username).orElseThrow();
        return new Subject(account.username(), account.displayName(), Set.of(account.role()), account.organization(), account.department(),
                account.personKey(), null);
    }

    static String nextTag() {
        return Integer.toString(SEQUENCE.incrementAndGet(), 36) + Long.toString(System.nanoTime() & 0xffffff, 36);
    }

    // --- HTTP --------------------------------------------------------------------------------------------------------

    static String basic(String username) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    URI uri(String path) {
        return URI.create(hub.base() + path);
    }

    HubClient.Response get(String path, String authorization, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().header("Accept", "application/fhir+json");
        return hub.send(with(request, authorization, headers));
    }

    HubClient.Response delete(String path, String authorization) {
        return hub.send(with(HttpRequest.newBuilder(uri(path)).DELETE(), authorization));
    }

    HubClient.Response postForm(String path, String authorization, String form) {
        return hub.send(with(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), authorization));
    }

    HubClient.Response postConsent(String username, String body) {
        return hub.send(with(HttpRequest.newBuilder(uri("/fhir/Consent")).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), basic(username)));
    }

    private static HttpRequest.Builder with(HttpRequest.Builder request, String authorization, String... headers) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private HttpRequest form(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String csrfToken(String html) {
        Matcher input = CSRF.matcher(html);
        assertThat(input.find()).as("a form with a CSRF token in the page").isTrue();
        Matcher value = VALUE.matcher(input.group());
        assertThat(value.find()).isTrue();
        return value.group(1);
    }

    /** A FHIR Consent as a citizen's app would post it: a permit for one recipient, optionally naming sensitive categories. */
    static String consent(String recipientSystem, String recipient, List<String> securityLabels, Instant start, Instant end) {
        StringBuilder labels = new StringBuilder();
        for (String label : securityLabels) {
            labels.append(labels.isEmpty() ? "" : ",").append("{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"")
                    .append(label).append("\"}");
        }
        String period = start == null && end == null ? "" : ",\"period\":{" + (start == null ? "" : "\"start\":\"" + start + "\"")
                + (start != null && end != null ? "," : "") + (end == null ? "" : "\"end\":\"" + end + "\"") + "}";
        return """
                {"resourceType":"Consent","status":"active",
                 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
                 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
                 "provision":{"type":"permit","actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"IRCP"}]},
                   "reference":{"identifier":{"system":"%s","value":"%s"}}}]%s%s}}""".formatted(recipientSystem, recipient,
                labels.isEmpty() ? "" : ",\"securityLabel\":[" + labels + "]", period);
    }

    // --- Tokens ------------------------------------------------------------------------------------------------------

    static String sign(RSAKey key, String issuer, String audience, long expiresInSeconds, Consumer<JWTClaimsSet.Builder> claims)
            throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                .issueTime(Date.from(now.minusSeconds(Math.max(0, -expiresInSeconds) + 60))).expirationTime(Date.from(now.plusSeconds(expiresInSeconds)))
                .jwtID(java.util.UUID.randomUUID().toString());
        claims.accept(builder);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), builder.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The token with one character of its signature changed. */
    static String tampered(String token) {
        int signature = token.lastIndexOf('.') + 1;
        int at = signature + (token.length() - signature) / 2;
        char flipped = token.charAt(at) == 'A' ? 'B' : 'A';
        return token.substring(0, at) + flipped + token.substring(at + 1);
    }

    /** The hub's own signing key, where the hub keeps it: to sign tokens the hub must refuse for their claims alone. */
    RSAKey hubSigningKey() throws IOException, ParseException {
        String configured = System.getenv("CITYHEALTH_TOKEN_SIGNING_KEY");
        return RSAKey.parse(configured != null && !configured.isBlank() ? configured
                : Files.readString(hubSettings.dataDirectory().resolve("keys/token-signing.jwk")));
    }

    static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(keyId).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The provider's JWKS endpoint, publishing IDP_KEY only. */
    private static HttpServer jwksServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] keys = new JWKSet(IDP_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keys.length);
                exchange.getResponseBody().write(keys);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- Assertions --------------------------------------------------------------------------------------------------

    static void assertOutcome(HubClient.Response response, int status, String issueCode, String diagnosticsContains) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode outcome = response.json();
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").get(0).path("code").asText()).as(response.body()).isEqualTo(issueCode);
        assertThat(outcome.path("issue").get(0).path("diagnostics").asText()).containsIgnoringCase(diagnosticsContains);
    }

    static void assertStatus(HubClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    static void assertStatus(HubClient.Response response, int status, String description) {
        assertThat(response.status()).as(description + ": " + response.body()).isEqualTo(status);
    }

    private static void assertInvalid(HubClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(response.header("Location")).isNull();
    }

    private static void assertUnauthorized(HubClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(response.raw().headers().allValues("WWW-Authenticate")).anySatisfy(value -> assertThat(value).startsWith("Bearer"));
    }

    private static void assertTokenError(HubClient.Response response, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo(error);
        assertThat(response.json().has("access_token")).isFalse();
    }

    private static void assertRefused(Runnable redeem, String code) {
        try {
            redeem.run();
        } catch (VisitCodes.RefusedException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            return;
        }
        throw new AssertionError("the code was accepted; expected " + code);
    }

    /** A refusal names nothing of the person: not who they are, nothing H001 sent. */
    private static void assertRefusalDisclosesNothing(Person person, String body) {
        assertThat(body).doesNotContain(person.residentId(), "沈若兰");
        assertNothingOf(person, body);
    }

    /** Nothing that H001 sent about the person is in the body. */
    private static void assertNothingOf(Person person, String body) {
        assertThat(body).doesNotContain(person.h1Mrn(), "13900001111", "F32", "抑郁", "青霉素", "华法林", "B01AA03",
                "E11.9", "4548-4");
    }

    /** Type/id of every resource of a Bundle. */
    static List<String> references(JsonNode bundle) {
        List<String> references = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            references.add(resource.path("resourceType").asText() + "/" + resource.path("id").asText());
        }
        return references;
    }

    /** What the sections of a document's Composition list. */
    static List<String> sectionReferences(JsonNode document) {
        List<String> references = new ArrayList<>();
        for (JsonNode section : document.path("entry").get(0).path("resource").path("section")) {
            for (JsonNode entry : section.path("entry")) {
                references.add(entry.path("reference").asText());
            }
        }
        return references;
    }

    private static String hubId(HubClient.Response response, int entry) {
        String location = response.json().path("entry").get(entry).path("response").path("location").asText();
        return location.split("/")[1];
    }

    // --- The ledger --------------------------------------------------------------------------------------------------

    /**
     * The published entries (canonical JSON) by the actor with the action prefix about the person; waits until at least
     * {@code atLeast} are published. With {@code atLeast} 0 it waits for the sequencer to catch up with what is
     * recorded now, so that an empty answer means none.
     */
    List<String> published(String actor, String action, Long personKey, String decision, int atLeast) {
        String person = personKey == null ? null : pseudonyms.of(personKey);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long recordedNow = ledger.recorded();
        while (true) {
            List<LedgerRow> rows = ledger.search(new LedgerQuery(actor, action, person, decision, null, null, null, 1000));
            boolean published = rows.stream().allMatch(row -> row.index() < ledger.publishedSize());
            boolean caughtUp = atLeast > 0 || ledger.publishedSize() >= recordedNow;
            if (rows.size() >= atLeast && published && caughtUp) {
                return rows.stream().map(row -> ledger.entry(row.index()).orElseThrow().entry()).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(rows.size() + " published " + action + " entries by " + actor + " within 20 s; expected " + atLeast);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
