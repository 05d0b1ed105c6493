package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CitySpecTest {

    @Test
    void sizesSourcesToThePopulationWithinBounds() {
        CitySpec small = CitySpec.ofResidents(100, 1);
        assertThat(small.hospitals()).isEqualTo(3);
        assertThat(small.clinics()).isEqualTo(2);

        CitySpec medium = CitySpec.ofResidents(20_000, 1);
        assertThat(medium.hospitals()).isEqualTo(40);
        assertThat(medium.clinics()).isEqualTo(25);

        CitySpec large = CitySpec.ofResidents(1_000_000, 1);
        assertThat(large.hospitals()).isEqualTo(40);
        assertThat(large.clinics()).isEqualTo(200);
    }

    @Test
    void defaultsToTenYearsEndingMidTwentyTwentySixWithOneResidentPerBundle() {
        CitySpec spec = CitySpec.ofResidents(1000, 7);
        assertThat(spec.historyStart()).isEqualTo(LocalDate.of(2016, 7, 1));
        assertThat(spec.historyEnd()).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(spec.residentsPerBundle()).isEqualTo(1);
        assertThat(spec.heavyResidents()).isZero();
        assertThat(spec.seed()).isEqualTo(7);
    }

    @Test
    void withersChangeOnlyTheirField() {
        CitySpec spec = CitySpec.ofResidents(1000, 7)
                .withResidentsPerBundle(10)
                .withHeavyResidents(5)
                .withHistory(LocalDate.of(2020, 1, 1), LocalDate.of(2021, 12, 31));
        assertThat(spec).isEqualTo(new CitySpec(7, 1000, 3, 2, LocalDate.of(2020, 1, 1), LocalDate.of(2021, 12, 31),
                10, 5));
    }

    @Test
    void refusesImpossibleCities() {
        CitySpec ok = CitySpec.ofResidents(100, 1);
        assertThatThrownBy(() -> CitySpec.ofResidents(0, 1)).hasMessageContaining("residents");
        assertThatThrownBy(() -> ok.withResidentsPerBundle(0)).hasMessageContaining("residentsPerBundle");
        assertThatThrownBy(() -> ok.withHeavyResidents(101)).hasMessageContaining("heavyResidents");
        assertThatThrownBy(() -> ok.withHistory(LocalDate.of(2020, 1, 1), LocalDate.of(2019, 1, 1)))
                .hasMessageContaining("before");
        assertThatThrownBy(() -> ok.withHistory(LocalDate.of(1970, 1, 1), LocalDate.of(1980, 1, 1)))
                .hasMessageContaining("1990");
    }
}
