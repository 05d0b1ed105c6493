package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InfluenzaSeasonTest {

    private static final Set<Month> WINTER = EnumSet.of(Month.DECEMBER, Month.JANUARY, Month.FEBRUARY);
    private static final Set<Month> SUMMER = EnumSet.of(Month.JUNE, Month.JULY, Month.AUGUST);
    private static final Set<String> ILI = Set.of("J11.1", "J06.9", "R50.9");

    @Test
    void influenzaLikeVisitsPeakEveryWinter() {
        CitySpec spec = CitySpec.ofResidents(2_000, 2024);
        CityGenerator city = new CityGenerator(spec);
        long winter = 0;
        long summer = 0;
        long[] perSeason = new long[spec.historyEnd().getYear() + 2];
        for (int i = 0; i < spec.residents(); i++) {
            for (ClinicalRecord r : city.chart(i).records()) {
                if (r instanceof ClinicalRecord.Encounter e && e.reason() != null && ILI.contains(e.reason().code())) {
                    Month month = e.start().getMonth();
                    if (WINTER.contains(month)) {
                        winter++;
                        perSeason[e.start().getYear() + (month == Month.DECEMBER ? 1 : 0)]++;
                    } else if (SUMMER.contains(month)) {
                        summer++;
                    }
                }
            }
        }
        double winterWeekly = winter / weeks(spec, WINTER);
        double summerWeekly = summer / weeks(spec, SUMMER);
        assertThat(summerWeekly).isPositive();
        assertThat(winterWeekly).as("winter %.1f/week vs summer %.1f/week", winterWeekly, summerWeekly)
                .isGreaterThanOrEqualTo(3 * summerWeekly);
        // The 2020/21 winter, when COVID-19 measures all but stopped influenza, is the quietest of the decade.
        assertThat(perSeason[2021]).isLessThan(perSeason[2019]).isLessThan(perSeason[2023]);
    }

    private static double weeks(CitySpec spec, Set<Month> months) {
        long days = 0;
        for (LocalDate d = spec.historyStart(); !d.isAfter(spec.historyEnd()); d = d.plusDays(1)) {
            if (months.contains(d.getMonth())) {
                days++;
            }
        }
        return days / 7.0;
    }

    @Test
    void wavesBelongToTheCityNotToResidents() {
        FluCalendar a = new FluCalendar(CitySpec.ofResidents(100, 1));
        FluCalendar b = new FluCalendar(CitySpec.ofResidents(5_000, 1));
        assertThat(a.waves()).isEqualTo(b.waves());
        for (FluCalendar.Wave wave : a.waves()) {
            long fromNewYear = ChronoUnit.DAYS.between(LocalDate.of(wave.peak().getYear(), 1, 1), wave.peak());
            boolean winterPeak = wave.peak().getMonth() == Month.DECEMBER || fromNewYear <= 60;
            assertThat(winterPeak || wave.intensity() <= 0.9).as("only minor waves outside winter: %s", wave).isTrue();
        }
    }
}
