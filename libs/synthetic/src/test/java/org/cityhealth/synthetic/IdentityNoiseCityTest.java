package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Identity noise at the realistic rates on a city of 20,000: what the truth says, the records show. */
class IdentityNoiseCityTest {

    private static final int RESIDENTS = 20_000;
    private static final IdentityNoise NOISE = IdentityNoise.realistic();
    private static final CitySpec SPEC = CitySpec.ofResidents(RESIDENTS, 2026).withHeavyResidents(20)
            .withIdentityNoise(NOISE);
    private static final Set<NoiseKind> NAME_TYPOS = EnumSet.of(NoiseKind.NAME_HOMOPHONE, NoiseKind.NAME_TRADITIONAL,
            NoiseKind.NAME_DROPPED_CHARACTER);
    private static final Set<NoiseKind> ID_TYPOS = EnumSet.of(NoiseKind.ID_TRANSPOSED_DIGITS, NoiseKind.ID_WRONG_DIGIT);

    private static final List<ResidentTruth> truths = new ArrayList<>();
    /** The residents themselves, for facts the truth does not publish (address, own phone, clinic). */
    private static final List<Resident> residents = new ArrayList<>();

    @BeforeAll
    static void generate() {
        Iterator<ResidentTruth> it = new CityGenerator(SPEC).residents();
        while (it.hasNext()) {
            truths.add(it.next());
        }
        ResidentFactory factory = new ResidentFactory(SPEC, new SourceCatalog(SPEC));
        for (int i = 0; i < RESIDENTS; i++) {
            residents.add(factory.create(i));
        }
    }

    @AfterAll
    static void release() {
        truths.clear();
        residents.clear();
    }

    @Test
    void observedRatesMatchTheSpecWithinTolerance() {
        Map<NoiseKind, Integer> counts = new EnumMap<>(NoiseKind.class);
        int records = 0;
        int wouldCarryId = 0;
        int carryId = 0;
        int swappable = 0;
        int nameChanges = 0;
        int twins = 0;
        int sharingPhone = 0;
        int nameTypos = 0;
        int idTypos = 0;
        for (ResidentTruth t : truths) {
            nameChanges += t.formerName() != null ? 1 : 0;
            twins += t.twinOf() >= 0 ? 1 : 0;
            LocalDate swapped = PatientNoise.swapDayAndMonth(t.birthDate());
            boolean canSwap = swapped != null && !swapped.isAfter(SPEC.historyEnd());
            int sharedRecords = 0;
            for (SourceRecordTruth r : t.sourceRecords().values()) {
                records++;
                r.noise().forEach(k -> counts.merge(k, 1, Integer::sum));
                wouldCarryId += r.carriesResidentId() || r.noise().contains(NoiseKind.ID_MISSING) ? 1 : 0;
                carryId += r.carriesResidentId() ? 1 : 0;
                swappable += canSwap ? 1 : 0;
                nameTypos += r.noise().stream().anyMatch(NAME_TYPOS::contains) ? 1 : 0;
                idTypos += r.noise().stream().anyMatch(ID_TYPOS::contains) ? 1 : 0;
                sharedRecords += r.noise().contains(NoiseKind.SHARED_PHONE) ? 1 : 0;
                assertThat(r.noise().stream().filter(NAME_TYPOS::contains)).as("one name error at most").hasSizeLessThan(2);
                assertThat(r.noise().stream().filter(ID_TYPOS::contains)).hasSizeLessThan(2);
                if (r.noise().contains(NoiseKind.SWAPPED_BIRTH_DATE)) {
                    assertThat(canSwap).isTrue();
                }
            }
            assertThat(sharedRecords).as("a shared phone is on all of a resident's records or none")
                    .isIn(0, t.sourceRecords().size());
            sharingPhone += sharedRecords > 0 ? 1 : 0;
        }
        assertThat(records).isGreaterThan(2 * RESIDENTS);
        // A few names (a lone 海, 安, 若 or 诺 with a family name written alike in both scripts) admit no typo.
        assertRate("nameTypo", nameTypos, records, NOISE.nameTypo() * 0.98);
        assertRate("idMissing", counts.get(NoiseKind.ID_MISSING), wouldCarryId, NOISE.idMissing());
        assertRate("idTypo", idTypos, carryId, NOISE.idTypo());
        assertRate("swappedBirthDate", counts.get(NoiseKind.SWAPPED_BIRTH_DATE), swappable, NOISE.swappedBirthDate());
        assertRate("nameChange", nameChanges, RESIDENTS, NOISE.nameChange());
        // Twins come in pairs: count pairs against the eligible pairs (heavy residents are never twins).
        assertRate("twins", twins / 2, (RESIDENTS - SPEC.heavyResidents()) / 2, NOISE.twins());
        assertRate("sharedPhone", sharingPhone, RESIDENTS, NOISE.sharedPhone());
        assertThat(counts.keySet()).as("every kind is visible").containsExactlyInAnyOrder(NoiseKind.values());
        // Homophones lead, dropped characters follow, traditional writing is rarest (weights 5:3:2, where they fit).
        assertThat(counts.get(NoiseKind.NAME_HOMOPHONE)).isGreaterThan(counts.get(NoiseKind.NAME_DROPPED_CHARACTER));
        assertThat(counts.get(NoiseKind.NAME_DROPPED_CHARACTER)).isGreaterThan(counts.get(NoiseKind.NAME_TRADITIONAL));
    }

    @Test
    void thePatientsShowExactlyTheNoiseTheTruthReports() {
        Map<NoiseKind, Integer> seen = new EnumMap<>(NoiseKind.class);
        Map<String, Integer> ownerOfPhone = new HashMap<>();
        for (Resident r : residents) {
            ownerOfPhone.putIfAbsent(r.phone(), r.index());
        }
        Iterator<GeneratedPatient> patients = new CityGenerator(SPEC).patients();
        int count = 0;
        int previousIndex = 0;
        while (patients.hasNext()) {
            GeneratedPatient p = patients.next();
            count++;
            assertThat(p.residentIndex()).isGreaterThanOrEqualTo(previousIndex);
            previousIndex = p.residentIndex();
            ResidentTruth t = truths.get(p.residentIndex());
            Resident r = residents.get(p.residentIndex());
            SourceRecordTruth record = t.sourceRecords().get(p.sourceCode());
            assertThat(record.patientId()).isEqualTo(p.patientId()).isEqualTo(t.sourcePatientIds().get(p.sourceCode()));
            JsonNode patient = FhirTestSupport.parse(p.json());
            assertThat(patient.path("id").asText()).isEqualTo(p.patientId());
            assertThat(patient.has("deceasedDateTime")).isFalse();
            record.noise().forEach(k -> seen.merge(k, 1, Integer::sum));

            // Name: the former given name where the source kept it, then at most one typo.
            String family = patient.path("name").path(0).path("family").asText();
            String given = patient.path("name").path(0).path("given").path(0).asText();
            assertThat(patient.path("name").path(0).path("text").asText()).isEqualTo(family + given);
            String expectedGiven = record.noise().contains(NoiseKind.FORMER_GIVEN_NAME) ? r.formerGiven() : r.given();
            if (record.noise().contains(NoiseKind.FORMER_GIVEN_NAME)) {
                assertThat(t.formerName()).isEqualTo(r.family() + r.formerGiven()).isNotEqualTo(t.name());
            }
            if (record.noise().contains(NoiseKind.NAME_HOMOPHONE)) {
                assertThat(family).isEqualTo(r.family());
                assertThat(IdentityNoiseTest.differences(given, expectedGiven)).hasSize(1);
                assertThat(given).hasSameSizeAs(expectedGiven);
            } else if (record.noise().contains(NoiseKind.NAME_TRADITIONAL)) {
                assertThat(family + given).isNotEqualTo(r.family() + expectedGiven)
                        .isEqualTo(NameTypos.toTraditional(r.family() + expectedGiven));
            } else if (record.noise().contains(NoiseKind.NAME_DROPPED_CHARACTER)) {
                assertThat(family).isEqualTo(r.family());
                assertThat(expectedGiven).hasSize(2).contains(given);
                assertThat(given).hasSize(1);
            } else {
                assertThat(family + given).isEqualTo(r.family() + expectedGiven);
                if (!record.noise().contains(NoiseKind.FORMER_GIVEN_NAME)) {
                    assertThat(family + given).isEqualTo(t.name());
                }
            }

            // Resident ID: present exactly when the truth says so; mistyped ones fail the check character.
            String id = residentId(patient);
            assertThat(id != null).isEqualTo(record.carriesResidentId());
            if (record.noise().contains(NoiseKind.ID_MISSING)) {
                assertThat(id).isNull();
            }
            if (id != null) {
                boolean typo = record.noise().stream().anyMatch(ID_TYPOS::contains);
                assertThat(IdentityNoiseTest.checkHolds(id)).as(id).isEqualTo(!typo);
                if (typo) {
                    assertThat(id).isNotEqualTo(t.residentId());
                    assertThat(IdentityNoiseTest.differences(id, t.residentId()))
                            .hasSize(record.noise().contains(NoiseKind.ID_WRONG_DIGIT) ? 1 : 2);
                } else {
                    assertThat(id).isEqualTo(t.residentId());
                }
            }

            // Birth date and sex.
            LocalDate birth = LocalDate.parse(patient.path("birthDate").asText());
            assertThat(birth).isEqualTo(record.noise().contains(NoiseKind.SWAPPED_BIRTH_DATE)
                    ? PatientNoise.swapDayAndMonth(t.birthDate()) : t.birthDate());
            assertThat(patient.path("gender").asText()).isEqualTo(t.sex());

            // Phone: a family member's — another resident's, an adult of the same community — or the resident's own.
            String phone = patient.path("telecom").path(0).path("value").asText();
            if (record.noise().contains(NoiseKind.SHARED_PHONE)) {
                assertThat(phone).isEqualTo(r.familyPhone()).isNotEqualTo(r.phone());
                Integer owner = ownerOfPhone.get(phone);
                assertThat(owner).as("the phone belongs to a resident").isNotNull();
                Resident member = residents.get(owner);
                assertThat(member.index()).isNotEqualTo(r.index()).isNotEqualTo(r.twinOf());
                assertThat(member.clinic()).isEqualTo(r.clinic());
                assertThat(member.ageOn(SPEC.historyEnd())).isGreaterThanOrEqualTo(20);
            } else {
                assertThat(phone).isIn(r.phone(), r.formerPhone());
            }
        }
        assertThat(count).isEqualTo(truths.stream().mapToInt(t -> t.sourceRecords().size()).sum());
        assertThat(seen.keySet()).containsExactlyInAnyOrder(NoiseKind.values());
    }

    @Test
    void twinsAreDistinctPeopleWithUniqueIdsWhoShareBirthAddressAndPhone() {
        Set<String> ids = new HashSet<>();
        int pairs = 0;
        int sameSex = 0;
        for (ResidentTruth t : truths) {
            assertThat(ids.add(t.residentId())).as("duplicate %s", t.residentId()).isTrue();
            ResidentId id = ResidentId.parse(t.residentId()).orElseThrow(() -> new AssertionError(t.residentId()));
            assertThat(id.birthDate()).isEqualTo(t.birthDate());
            assertThat(id.male()).isEqualTo(t.sex().equals("male"));
            if (t.twinOf() < 0) {
                continue;
            }
            ResidentTruth other = truths.get(t.twinOf());
            assertThat(other.twinOf()).isEqualTo(t.index());
            if (t.twinOf() < t.index()) {
                continue;
            }
            pairs++;
            Resident a = residents.get(t.index());
            Resident b = residents.get(t.twinOf());
            assertThat(b.family()).isEqualTo(a.family());
            assertThat(b.given()).isNotEqualTo(a.given());
            assertThat(b.birthDate()).isEqualTo(a.birthDate());
            assertThat(b.birthplace()).isEqualTo(a.birthplace());
            assertThat(b.district()).isEqualTo(a.district());
            assertThat(b.addressLine()).isEqualTo(a.addressLine());
            assertThat(b.phone()).isEqualTo(a.phone());
            assertThat(b.clinic()).isEqualTo(a.clinic());
            assertThat(b.residentId()).isNotEqualTo(a.residentId());
            assertThat(b.residentId().substring(0, 14)).isEqualTo(a.residentId().substring(0, 14));
            assertThat(a.heavy() || b.heavy()).isFalse();
            sameSex += a.male() == b.male() ? 1 : 0;
        }
        assertThat(pairs).isPositive();
        // About half the pairs are of the same sex: those whose second lane is free that day, nearly all.
        assertThat(sameSex).isBetween(pairs * 3 / 10, pairs * 7 / 10);
    }

    @Test
    void aChangedNameIsKeptBySomeSourcesButNotAll() {
        int changed = 0;
        for (ResidentTruth t : truths) {
            long keeping = t.sourceRecords().values().stream()
                    .filter(r -> r.noise().contains(NoiseKind.FORMER_GIVEN_NAME)).count();
            if (t.formerName() == null) {
                assertThat(keeping).isZero();
            } else {
                changed++;
                assertThat(keeping).isBetween(1L, t.sourceRecords().size() - 1L);
            }
        }
        assertThat(changed).isPositive();
    }

    @Test
    void theSameSpecGivesTheSameNoiseAndAnotherSeedOther() {
        CitySpec small = CitySpec.ofResidents(3_000, 2026).withIdentityNoise(NOISE);
        List<ResidentTruth> again = list(new CityGenerator(small).residents());
        assertThat(again).isEqualTo(list(new CityGenerator(small).residents()));
        assertThat(list(new CityGenerator(small).patients())).isEqualTo(list(new CityGenerator(small).patients()));
        List<ResidentTruth> otherSeed = list(new CityGenerator(small.withSeed(2027)).residents());
        assertThat(noiseOf(otherSeed)).isNotEqualTo(noiseOf(again));
    }

    @Test
    void raisingOneRateOnlyAddsCasesOfThatKind() {
        CitySpec base = CitySpec.ofResidents(4_000, 5).withIdentityNoise(NOISE);
        CitySpec more = base.withIdentityNoise(NOISE.withRates("name-typo=0.1,id-missing=0.2"));
        List<ResidentTruth> a = list(new CityGenerator(base).residents());
        List<ResidentTruth> b = list(new CityGenerator(more).residents());
        int added = 0;
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).twinOf()).isEqualTo(a.get(i).twinOf());
            assertThat(b.get(i).formerName()).isEqualTo(a.get(i).formerName());
            for (String source : a.get(i).sourceRecords().keySet()) {
                Set<NoiseKind> before = a.get(i).sourceRecords().get(source).noise();
                Set<NoiseKind> after = b.get(i).sourceRecords().get(source).noise();
                Set<NoiseKind> raised = EnumSet.copyOf(NAME_TYPOS);
                raised.add(NoiseKind.ID_MISSING);
                // A record whose ID is now missing can no longer have it mistyped.
                raised.addAll(ID_TYPOS);
                assertThat(after).containsAll(without(before, ID_TYPOS));
                assertThat(without(after, raised)).isEqualTo(without(before, raised));
                added += after.size() - before.size();
            }
        }
        assertThat(added).isGreaterThan(1_000);
    }

    private static Set<NoiseKind> without(Set<NoiseKind> kinds, Set<NoiseKind> removed) {
        Set<NoiseKind> out = EnumSet.noneOf(NoiseKind.class);
        out.addAll(kinds);
        out.removeAll(removed);
        return out;
    }

    private static List<Set<NoiseKind>> noiseOf(List<ResidentTruth> truths) {
        List<Set<NoiseKind>> out = new ArrayList<>();
        truths.forEach(t -> t.sourceRecords().values().forEach(r -> out.add(r.noise())));
        return out;
    }

    static String residentId(JsonNode patient) {
        for (JsonNode identifier : patient.path("identifier")) {
            if (identifier.path("system").asText().equals(Codes.RESIDENT_ID)) {
                return identifier.path("value").asText();
            }
        }
        return null;
    }

    static <T> List<T> list(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** {@code count} successes of {@code trials} at {@code rate}, within four standard deviations. */
    static void assertRate(String label, int count, int trials, double rate) {
        double expected = trials * rate;
        double tolerance = 4 * Math.sqrt(trials * rate * (1 - rate)) + 1;
        assertThat((double) count).as("%s: %d of %d, expected %.0f ± %.0f", label, count, trials, expected, tolerance)
                .isBetween(expected - tolerance, expected + tolerance);
    }
}
