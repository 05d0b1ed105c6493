package org.cityhealth.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.cityhealth.hub.store.StoredResource;
import org.junit.jupiter.api.Test;

/** The policy's building blocks without Spring: SMART scopes, sensitive categories, visibility, the route table. */
class AccessUnitTests {

    private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    /** The source (hospital) id of the reader's own hospital in the visibility tests. */
    private static final long OWN = 2;
    /** Another hospital's source id. */
    private static final long OTHER = 1;

    // --- SMART scopes -------------------------------------------------------------------------------------------

    @Test
    void parsesSmartV1Scopes() {
        assertThat(SmartScope.parse("patient/Observation.read")).contains(new SmartScope(SmartScope.Context.PATIENT, "Observation", true, false));
        assertThat(SmartScope.parse("user/*.read")).contains(new SmartScope(SmartScope.Context.USER, "*", true, false));
        assertThat(SmartScope.parse("system/*.*")).contains(new SmartScope(SmartScope.Context.SYSTEM, "*", true, true));
        assertThat(SmartScope.parse("user/Patient.write")).contains(new SmartScope(SmartScope.Context.USER, "Patient", false, true));
    }

    @Test
    void parsesSmartV2ScopesWithTheirPermissionLettersAndQueries() {
        assertThat(SmartScope.parse("patient/Observation.rs")).contains(new SmartScope(SmartScope.Context.PATIENT, "Observation", true, false));
        assertThat(SmartScope.parse("user/*.cruds")).contains(new SmartScope(SmartScope.Context.USER, "*", true, true));
        assertThat(SmartScope.parse("user/Condition.c")).contains(new SmartScope(SmartScope.Context.USER, "Condition", false, true));
        assertThat(SmartScope.parse("patient/Observation.s")).contains(new SmartScope(SmartScope.Context.PATIENT, "Observation", true, false));
        assertThat(SmartScope.parse("patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory"))
                .contains(new SmartScope(SmartScope.Context.PATIENT, "Observation", true, false));
    }

    @Test
    void refusesStringsThatAreNotClinicalScopes() {
        for (String bad : List.of("", "openid", "fhirUser", "launch/patient", "offline_access", "patient/Observation", "patient/Observation.",
                "doctor/*.read", "Patient/*.read", "patient/Observation.x", "patient/Observation.sr", "patient/Observation.rr",
                "patient/Obs-ervation.read", "patient/*.read extra", " user/*.read", "user/*.read ", "user//*.read")) {
            assertThat(SmartScope.parse(bad)).as("'%s'", bad).isEmpty();
        }
    }

    @Test
    void aScopeReadsItsTypeOrEveryTypeOnlyWhenItGrantsReading() {
        SmartScope observations = SmartScope.parse("patient/Observation.read").orElseThrow();
        assertThat(observations.allowsRead("Observation")).isTrue();
        assertThat(observations.allowsRead("Condition")).isFalse();
        assertThat(SmartScope.parse("user/*.rs").orElseThrow().allowsRead("Condition")).isTrue();
        assertThat(SmartScope.parse("user/*.c").orElseThrow().allowsRead("Condition")).isFalse();
        assertThat(SmartScope.parse("user/*.write").orElseThrow().allowsRead("Condition")).isFalse();
    }

    @Test
    void aSubjectsScopesDecideWhatItReadsAndWhetherItIsHeldToItsPatient() {
        Subject session = new Subject("dr", null, Set.of(Role.DOCTOR), "H002", null, null, null);
        assertThat(session.scopeAllowsRead("Condition")).as("sessions act with the role's rights").isTrue();
        assertThat(session.patientContextOnly()).isFalse();

        Subject citizenToken = new Subject("c", null, Set.of(Role.CITIZEN), null, null, 7L, Set.of("patient/Observation.read"));
        assertThat(citizenToken.scopeAllowsRead("Observation")).isTrue();
        assertThat(citizenToken.scopeAllowsRead("Condition")).isFalse();
        assertThat(citizenToken.patientContextOnly()).isTrue();

        Subject doctorToken = new Subject("dr", null, Set.of(Role.DOCTOR), "H002", null, null, Set.of("user/*.read", "patient/*.read"));
        assertThat(doctorToken.patientContextOnly()).isFalse();

        Subject noScopes = new Subject("x", null, Set.of(Role.DOCTOR), "H002", null, null, Set.of());
        assertThat(noScopes.scopeAllowsRead("Patient")).as("a token without clinical scopes reads nothing").isFalse();
    }

    // --- Sensitive categories ------------------------------------------------------------------------------------

    @Test
    void icd10CodesPlaceAResourceInItsSensitiveCategory() {
        assertThat(SensitiveData.of(condition(ICD10, "F32.9"))).containsExactly(Sensitivity.PSY);
        assertThat(SensitiveData.of(condition(ICD10, "F32"))).containsExactly(Sensitivity.PSY);
        assertThat(SensitiveData.of(condition(ICD10, "B20"))).containsExactly(Sensitivity.HIV);
        assertThat(SensitiveData.of(condition(ICD10, "B24"))).containsExactly(Sensitivity.HIV);
        assertThat(SensitiveData.of(condition(ICD10, "Z21"))).containsExactly(Sensitivity.HIV);
        assertThat(SensitiveData.of(condition(ICD10, "A53.9"))).containsExactly(Sensitivity.STD);
        assertThat(SensitiveData.of(condition(ICD10, "O80"))).containsExactly(Sensitivity.SEX);
        assertThat(SensitiveData.of(condition(ICD10, "Z34.0"))).containsExactly(Sensitivity.SEX);
        assertThat(SensitiveData.of(condition(ICD10, "N97.9"))).containsExactly(Sensitivity.SEX);
        assertThat(SensitiveData.of(condition(ICD10, "Q90.9"))).containsExactly(Sensitivity.GDIS);
        // The national edition's system URL and lower-case codes are the same codes.
        assertThat(SensitiveData.of(condition(ICD10 + "-cn", "f32.100"))).containsExactly(Sensitivity.PSY);
    }

    @Test
    void neighbouringIcd10CodesAreNotSensitive() {
        for (String code : List.of("E11.9", "I10", "B19.9", "B25.0", "A49.9", "A65", "Z00.0", "Z29", "Z40", "Q89.9", "N95.1", "G20", "F", "B2")) {
            assertThat(SensitiveData.of(condition(ICD10, code))).as(code).isEmpty();
        }
        // A sensitive-looking code in another code system is not an ICD-10 code.
        assertThat(SensitiveData.of(condition("http://snomed.info/sct", "F32"))).isEmpty();
    }

    @Test
    void aCodingIsReadWhateverTheOrderOfItsFieldsAndWhereverItSits() {
        byte[] codeFirst = """
                {"resourceType":"Condition","code":{"coding":[{"code":"B20","display":"HIV disease","system":"http://hl7.org/fhir/sid/icd-10"}]}}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SensitiveData.of(codeFirst)).containsExactly(Sensitivity.HIV);
        byte[] reasonOfAnOrder = """
                {"resourceType":"MedicationRequest","status":"active","medicationCodeableConcept":{"coding":[{"system":"http://www.whocc.no/atc","code":"N06AB06"}]},
                 "reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"F33.1"}]}]}""".getBytes(StandardCharsets.UTF_8);
        assertThat(SensitiveData.of(reasonOfAnOrder)).containsExactly(Sensitivity.PSY);
        byte[] two = """
                {"resourceType":"Encounter","reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"A51.0"}]},
                 {"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"Q96.0"}]}]}""".getBytes(StandardCharsets.UTF_8);
        assertThat(SensitiveData.of(two)).containsExactlyInAnyOrder(Sensitivity.STD, Sensitivity.GDIS);
    }

    @Test
    void loincTestsThatDiscloseACategoryAreSensitive() {
        assertThat(SensitiveData.of(observation("75622-1"))).containsExactly(Sensitivity.HIV);
        assertThat(SensitiveData.of(observation("20507-0"))).containsExactly(Sensitivity.STD);
        assertThat(SensitiveData.of(observation("4548-4"))).as("HbA1c").isEmpty();
    }

    @Test
    void securityLabelsNameTheirCategory() {
        byte[] labelled = """
                {"resourceType":"DocumentReference","meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"PSY"}]},
                 "status":"current"}""".getBytes(StandardCharsets.UTF_8);
        assertThat(SensitiveData.of(labelled)).containsExactly(Sensitivity.PSY);
        byte[] hiv = """
                {"resourceType":"Observation","meta":{"security":[{"code":"HIV","system":"http://terminology.hl7.org/CodeSystem/v3-ActCode"}]}}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SensitiveData.of(hiv)).containsExactly(Sensitivity.HIV);
        byte[] confidentiality = """
                {"resourceType":"Observation","meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"N"}]}}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SensitiveData.of(confidentiality)).as("normal confidentiality is no category").isEmpty();
    }

    @Test
    void aBodyThatCannotBeReadCountsAsSensitiveInEveryCategory() {
        for (String garbage : List.of("not json at all {", "{\"resourceType\":\"Condition\",\"code\":{\"coding\":[{\"system\":", "\u0000\u0001")) {
            assertThat(SensitiveData.of(garbage.getBytes(StandardCharsets.UTF_8))).as(garbage).isEqualTo(EnumSet.allOf(Sensitivity.class));
        }
    }

    // --- Visibility -----------------------------------------------------------------------------------------------

    @Test
    void aHospitalSeesWhatItSentEvenInASensitiveCategory() {
        Visibility ownOnly = new Visibility(false, Set.of(OWN), List.of());
        assertThat(ownOnly.allows(stored("Condition", OWN, 9, condition(ICD10, "F32.9")))).isTrue();
        assertThat(ownOnly.allows(stored("Condition", OTHER, 9, condition(ICD10, "E11.9")))).isFalse();
        assertThat(ownOnly.crossHospital()).isFalse();
    }

    @Test
    void sharedResourcesOutsideAnyPersonAreVisibleToAnyReader() {
        Visibility nothing = new Visibility(false, Set.of(), List.of());
        assertThat(nothing.allows(stored("Organization", OTHER, 0, "{\"resourceType\":\"Organization\"}".getBytes(StandardCharsets.UTF_8))))
                .isTrue();
        assertThat(nothing.allows(stored("Condition", OTHER, 9, condition(ICD10, "E11.9")))).isFalse();
    }

    @Test
    void aGrantOpensItsTypesButNoSensitiveCategoryItDoesNotName() {
        Visibility observations = new Visibility(false, Set.of(), List.of(new Visibility.Grant(Set.of("Observation"), Set.of(), Visibility.Basis.consent(1))));
        assertThat(observations.allows(stored("Observation", OTHER, 9, observation("4548-4")))).isTrue();
        assertThat(observations.allows(stored("Observation", OTHER, 9, observation("75622-1")))).as("an HIV test").isFalse();
        assertThat(observations.allows(stored("Condition", OTHER, 9, condition(ICD10, "E11.9")))).isFalse();
        assertThat(observations.crossHospital()).isTrue();

        Visibility all = new Visibility(false, Set.of(), List.of(new Visibility.Grant(Set.of(), Set.of(), Visibility.Basis.consent(2))));
        assertThat(all.allows(stored("Condition", OTHER, 9, condition(ICD10, "E11.9")))).isTrue();
        assertThat(all.allows(stored("Condition", OTHER, 9, condition(ICD10, "F32.9")))).isFalse();
        assertThat(all.allows(stored("Condition", OTHER, 9, "garbage".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @Test
    void aNamedCategoryOpensOnlyResourcesWhoseEveryCategoryIsNamed() {
        Visibility psy = new Visibility(false, Set.of(), List.of(new Visibility.Grant(Set.of(), Set.of(Sensitivity.PSY), Visibility.Basis.consent(3))));
        assertThat(psy.allows(stored("Condition", OTHER, 9, condition(ICD10, "F32.9")))).isTrue();
        assertThat(psy.allows(stored("Condition", OTHER, 9, condition(ICD10, "B20")))).isFalse();
        byte[] both = """
                {"resourceType":"Condition","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"F32.9"},
                 {"system":"http://hl7.org/fhir/sid/icd-10","code":"B20"}]}}""".getBytes(StandardCharsets.UTF_8);
        assertThat(psy.allows(stored("Condition", OTHER, 9, both))).isFalse();
        Visibility twoGrants = new Visibility(false, Set.of(), List.of(new Visibility.Grant(Set.of(), Set.of(Sensitivity.PSY), Visibility.Basis.consent(3)),
                new Visibility.Grant(Set.of(), Set.of(Sensitivity.HIV), Visibility.Basis.consent(4))));
        assertThat(twoGrants.allows(stored("Condition", OTHER, 9, both))).as("no single consent names both").isFalse();
        Visibility named = new Visibility(false, Set.of(), List.of(new Visibility.Grant(Set.of(), Set.of(Sensitivity.PSY, Sensitivity.HIV), Visibility.Basis.consent(5))));
        assertThat(named.allows(stored("Condition", OTHER, 9, both))).isTrue();
    }

    @Test
    void everythingMeansEverything() {
        assertThat(Visibility.ALL.allows(stored("Condition", OTHER, 9, condition(ICD10, "B20")))).isTrue();
        assertThat(Visibility.ALL.crossHospital()).isTrue();
    }

    // --- Routes ----------------------------------------------------------------------------------------------------

    @Test
    void theRouteTableNamesTheActionOfEachKindOfRoute() {
        assertThat(Routes.actionOf("GET", "/fhir/Patient/123")).isEqualTo(Action.FHIR_READ);
        assertThat(Routes.actionOf("GET", "/fhir/Observation")).isEqualTo(Action.FHIR_READ);
        assertThat(Routes.actionOf("POST", "/fhir")).isEqualTo(Action.SUBMIT);
        assertThat(Routes.actionOf("GET", "/fhir/Patient/$summary")).isEqualTo(Action.FHIR_SUMMARY);
        assertThat(Routes.actionOf("GET", "/fhir/Patient/42/$summary")).isEqualTo(Action.FHIR_SUMMARY);
        assertThat(Routes.actionOf("POST", "/fhir/Patient/$match")).isEqualTo(Action.FHIR_IDENTITY);
        assertThat(Routes.actionOf("GET", "/fhir/Consent/5")).isEqualTo(Action.CONSENT_READ);
        assertThat(Routes.actionOf("POST", "/fhir/Consent")).isEqualTo(Action.CONSENT_WRITE);
        assertThat(Routes.actionOf("DELETE", "/fhir/Consent/5")).isEqualTo(Action.CONSENT_WRITE);
        assertThat(Routes.actionOf("GET", "/fhir/metadata")).isEqualTo(Action.FHIR_METADATA);
        assertThat(Routes.actionOf("HEAD", "/fhir/metadata")).isEqualTo(Action.FHIR_METADATA);
        assertThat(Routes.actionOf("POST", "/auth/token")).isEqualTo(Action.TOKEN_ISSUE);
        assertThat(Routes.actionOf("GET", "/.well-known/jwks.json")).isEqualTo(Action.TOKEN_DISCOVERY);
        assertThat(Routes.actionOf("GET", "/clinic/emergency")).isEqualTo(Action.BREAK_GLASS);
        assertThat(Routes.actionOf("POST", "/clinic/visit-code")).isEqualTo(Action.WORKSTATION);
        assertThat(Routes.actionOf("GET", "/my/access")).isEqualTo(Action.CITIZEN_PORTAL);
        assertThat(Routes.actionOf("GET", "/ledger/checkpoint")).isEqualTo(Action.LEDGER_FILES);
        assertThat(Routes.actionOf("GET", "/ledger/search")).isEqualTo(Action.AUDIT);
        assertThat(Routes.actionOf("GET", "/actuator/health")).isEqualTo(Action.HEALTH_PROBE);
        assertThat(Routes.actionOf("GET", "/actuator/metrics")).isEqualTo(Action.OPERATIONS);
        assertThat(Routes.actionOf("GET", "/")).isEqualTo(Action.OPERATIONS);
    }

    @Test
    void routesWithoutARuleHaveNoAction() {
        assertThat(Routes.actionOf("GET", "/no-such-page")).isNull();
        assertThat(Routes.actionOf("POST", "/")).isNull();
        assertThat(Routes.actionOf("POST", "/fhir/metadata/x")).as("under /fhir every route has a rule").isEqualTo(Action.FHIR_READ);
        assertThat(Routes.actionOf("POST", "/.well-known/jwks.json")).isNull();
        assertThat(Routes.actionOf("GET", "/api/anything")).isNull();
        assertThat(Routes.actionOf("GET", "/ADMIN/sources")).as("paths are case-sensitive, like the handler mappings").isNull();
    }

    @Test
    void onlyTheAllowListedActionsAreOpen() {
        assertThat(EnumSet.allOf(Action.class).stream().filter(Action::open))
                .containsExactlyInAnyOrder(Action.PUBLIC_ASSET, Action.SIGN_IN, Action.FHIR_METADATA, Action.HEALTH_PROBE, Action.TOKEN_DISCOVERY);
        for (Action action : Action.values()) {
            assertThat(action.open() || !action.roles().isEmpty()).as("%s is open or names the roles that may use it", action).isTrue();
        }
    }

    private static byte[] condition(String system, String code) {
        return ("{\"resourceType\":\"Condition\",\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\","
                + "\"code\":\"active\"}]},\"code\":{\"coding\":[{\"system\":\"" + system + "\",\"code\":\"" + code + "\"}]},"
                + "\"subject\":{\"reference\":\"Patient/p1\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] observation(String loinc) {
        return ("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"" + loinc
                + "\"}]},\"subject\":{\"reference\":\"Patient/p1\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static StoredResource stored(String type, long sourceId, long personKey, byte[] body) {
        return new StoredResource(type, "r1", 1, false, personKey, Instant.parse("2025-01-10T01:00:00Z"), sourceId, "r1", 1L, body);
    }

    private static StoredResource stored(String type, long sourceId, long personKey, String body) {
        return stored(type, sourceId, personKey, body.getBytes(StandardCharsets.UTF_8));
    }
}
