package org.cityhealth.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FhirDatesTest {

    @Test
    void partialDatesCoverTheirWholePrecisionInTheCitysZone() {
        FhirDates.Range year = FhirDates.range("2025");
        assertThat(year.low()).isEqualTo(Instant.parse("2024-12-31T16:00:00Z"));
        assertThat(year.high()).isEqualTo(Instant.parse("2025-12-31T16:00:00Z"));
        assertThat(FhirDates.range("2024-02").high()).isEqualTo(Instant.parse("2024-02-29T16:00:00Z"));
        assertThat(FhirDates.range("2025-01-10").low()).isEqualTo(Instant.parse("2025-01-09T16:00:00Z"));
    }

    @Test
    void dateTimesWithAZoneAreExactToTheirPrecision() {
        FhirDates.Range second = FhirDates.range("2025-01-10T09:10:00+08:00");
        assertThat(second.low()).isEqualTo(Instant.parse("2025-01-10T01:10:00Z"));
        assertThat(second.high()).isEqualTo(Instant.parse("2025-01-10T01:10:01Z"));
        assertThat(FhirDates.range("2025-01-10T01:10:00.250Z").high()).isEqualTo(Instant.parse("2025-01-10T01:10:00.251Z"));
    }

    @Test
    void refusesWhatIsNotAFhirDate() {
        for (String bad : new String[] {"", "yesterday", "2025-13-01", "2025-02-30", "25-01-01", "2025-1-1", "2025-01-10T25:00:00Z", "2025-01-10T10:00"}) {
            assertThatThrownBy(() -> FhirDates.range(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyValidDateHasANonEmptyRangeThatContainsItsStart() {
        qt().forAll(integers().between(1, 9999), integers().between(1, 12), integers().between(1, 28)).checkAssert((year, month, day) -> {
            String date = "%04d-%02d-%02d".formatted(year, month, day);
            FhirDates.Range range = FhirDates.range(date);
            assertThat(range.low()).isBefore(range.high());
            assertThat(FhirDates.range(date.substring(0, 7)).low()).isBeforeOrEqualTo(range.low());
            assertThat(FhirDates.range(date.substring(0, 4)).high()).isAfterOrEqualTo(range.high());
        });
    }

    @Test
    void arbitraryTextOnlyEverFailsWithIllegalArgument() {
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 30)).checkAssert(text -> {
            try {
                FhirDates.range(text);
            } catch (IllegalArgumentException expected) {
                // the only failure allowed
            }
        });
    }
}
