package org.cityhealth.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.store.Tier;
import org.junit.jupiter.api.Test;

/** The default policy places records as the users described: by age, type, person status and reads. */
class PlacementTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Policy POLICY = Lifecycle.load("");
    private static final Facts.Person LIVING = new Facts.Person(1, Map.of(), null, NOW.minusSeconds(86_400L * 30), null);

    @Test
    void byAge() {
        assertThat(place(LIVING, observation("2026-01-01"))).isEqualTo(new Placement.Decision("last-12-months", Tier.HOT));
        assertThat(place(LIVING, observation("2024-01-01"))).isEqualTo(new Placement.Decision("one-to-three-years", Tier.WARM));
        assertThat(place(LIVING, observation("2020-01-01"))).isEqualTo(new Placement.Decision("older", Tier.COLD));
        assertThat(place(LIVING, resource("ImagingStudy", null, "2022-01-01", Set.of()))).isEqualTo(new Placement.Decision("old-imaging", Tier.COLD));
    }

    @Test
    void emergencyElementsStayHotWhateverTheirAge() {
        assertThat(place(LIVING, resource("AllergyIntolerance", "active", "2001-01-01", Set.of())).tier()).isEqualTo(Tier.HOT);
        assertThat(place(LIVING, resource("Condition", "active", "2001-01-01", Set.of())).tier()).isEqualTo(Tier.HOT);
        assertThat(place(LIVING, resource("Condition", "resolved", "2001-01-01", Set.of())).tier()).isEqualTo(Tier.COLD);
        assertThat(place(LIVING, resource("Observation", "final", "2001-01-01", Set.of("code:http://loinc.org|882-1"))).rule()).isEqualTo("blood-type");
    }

    @Test
    void personsDeceasedOrInactiveGoCold() {
        Facts.Person deceased = new Facts.Person(2, Map.of(), NOW.minusSeconds(86_400L * 200), NOW.minusSeconds(86_400L * 200), null);
        Facts.Person justDied = new Facts.Person(3, Map.of(), NOW.minusSeconds(86_400L * 20), NOW.minusSeconds(86_400L * 20), null);
        Facts.Person inactive = new Facts.Person(4, Map.of(), null, Instant.parse("2019-01-01T00:00:00Z"), null);
        assertThat(place(deceased, resource("AllergyIntolerance", "active", "2026-01-01", Set.of()))).isEqualTo(new Placement.Decision("deceased", Tier.COLD));
        assertThat(place(justDied, observation("2026-05-01")).tier()).isEqualTo(Tier.HOT);
        assertThat(place(deceased, resource("Patient", null, "1950-01-01", Set.of())))
                .as("the Patient stays hot: it is where the rules read the death from").isEqualTo(new Placement.Decision("demographics", Tier.HOT));
        assertThat(place(inactive, resource("AllergyIntolerance", "active", "2015-01-01", Set.of())).tier())
                .as("an inactive person's allergies stay hot for break-the-glass").isEqualTo(Tier.HOT);
        assertThat(place(inactive, observation("2018-12-01"))).isEqualTo(new Placement.Decision("inactive", Tier.COLD));
    }

    @Test
    void aPersonReadThreeTimesInThirtyDaysIsHot() {
        LocalDate today = LocalDate.of(2026, 5, 31);
        Facts.Person often = new Facts.Person(5, Map.of(today, 2, today.minusDays(10), 1), null, NOW, null);
        Facts.Person longAgo = new Facts.Person(6, Map.of(today.minusDays(40), 5), null, NOW, null);
        assertThat(place(often, observation("2019-01-01"))).isEqualTo(new Placement.Decision("read-often", Tier.HOT));
        assertThat(place(longAgo, observation("2019-01-01")).tier()).isEqualTo(Tier.COLD);
    }

    @Test
    void anUndatedRecordAgesFromWhenItWasStored() {
        Facts.Resource undated = new Facts.Resource("x", "Organization", null, "H1", null, Instant.parse("2020-01-01T00:00:00Z"), Tier.HOT, 10, Set.of());
        assertThat(place(LIVING, undated).tier()).isEqualTo(Tier.COLD);
        assertThat(Lifecycle.period(undated)).isEqualTo("2020");
    }

    private static Placement.Decision place(Facts.Person person, Facts.Resource resource) {
        return Placement.place(POLICY, person, resource, NOW);
    }

    private static Facts.Resource observation(String date) {
        return resource("Observation", "final", date, Set.of("category:laboratory"));
    }

    private static Facts.Resource resource(String type, String status, String date, Set<String> tokens) {
        return new Facts.Resource("r", type, status, "H1", Instant.parse(date + "T00:00:00Z"), NOW, Tier.HOT, 100, tokens);
    }
}
