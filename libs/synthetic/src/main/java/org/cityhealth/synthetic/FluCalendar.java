package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The city's influenza seasons: one winter wave a year, peaking around mid-January with a peak date, width and
 * strength that vary from year to year. Seasons that overlap the real 2019–2023 years follow what China saw: the
 * 2019/20 season cut short by COVID-19 measures, almost no influenza in 2020/21, the COVID-19 wave after reopening
 * in December 2022, the spring 2023 influenza A wave and the 2022 southern summer H3N2 wave.
 *
 * <p>The calendar belongs to the city, not to a resident: every resident's influenza-like visits are drawn from the
 * same waves, which is what makes the seasonal curve visible when counting visits per week.
 */
final class FluCalendar {

    /** A wave: visits are normally distributed around {@code peak}; {@code intensity} scales how many there are. */
    record Wave(LocalDate peak, double widthDays, double intensity) {

        LocalDate sample(SplittableRandom random) {
            double offset;
            do {
                offset = random.nextGaussian() * widthDays;
            } while (Math.abs(offset) > 3 * widthDays);
            return peak.plusDays(Math.round(offset));
        }
    }

    private final List<Wave> waves;

    FluCalendar(CitySpec spec) {
        List<Wave> list = new ArrayList<>();
        for (int year = spec.historyStart().getYear(); year <= spec.historyEnd().getYear() + 1; year++) {
            SplittableRandom random = Seeds.random(spec.seed(), Seeds.Stream.FLU, year);
            Wave usual = new Wave(LocalDate.of(year, 1, 12).plusDays(Math.round(random.nextGaussian() * 12)),
                    14 + random.nextDouble() * 8, 0.7 + random.nextDouble() * 0.6);
            switch (year) {
                case 2020 -> list.add(new Wave(LocalDate.of(2020, 1, 2), 13, 0.9));
                case 2021 -> list.add(new Wave(LocalDate.of(2021, 1, 20), 20, 0.08));
                case 2022 -> {
                    list.add(new Wave(LocalDate.of(2022, 1, 8), 16, 0.7));
                    list.add(new Wave(LocalDate.of(2022, 7, 5), 18, 0.3));
                }
                case 2023 -> {
                    list.add(new Wave(LocalDate.of(2022, 12, 22), 11, 2.2));
                    list.add(new Wave(LocalDate.of(2023, 3, 8), 14, 0.9));
                }
                default -> list.add(usual);
            }
        }
        this.waves = List.copyOf(list);
    }

    List<Wave> waves() {
        return waves;
    }
}
