package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class StreamingTest {

    @Test
    void twentyThousandResidentsStreamThroughWithoutBeingKept() {
        // Two years of history keep the test quick; the per-resident cost, not the number of residents, is what varies.
        CitySpec spec = CitySpec.ofResidents(20_000, 77).withHistory(LocalDate.of(2024, 7, 1), LocalDate.of(2026, 6,
                30))
                .withResidentsPerBundle(10);
        CityGenerator city = new CityGenerator(spec);
        Runtime runtime = Runtime.getRuntime();
        Iterator<GeneratedBundle> bundles = city.bundles();
        long count = 0;
        long resources = 0;
        long peakUsed = 0;
        while (bundles.hasNext()) {
            GeneratedBundle b = bundles.next();
            count++;
            resources += b.resourceCount();
            if (count % 1_500 == 0) {
                System.gc();
                peakUsed = Math.max(peakUsed, runtime.totalMemory() - runtime.freeMemory());
            }
        }
        assertThat(count).isGreaterThan(20_000 * 2 / 10);
        assertThat(resources).isGreaterThan(20_000L * 10);
        // Live heap after a collection: retaining the city would take about a gigabyte; the stream keeps only the
        // pending fragments of fewer than ten residents per source.
        assertThat(peakUsed).isLessThan(160L << 20);
    }

    @Test
    void bundlesAreProducedLazily() {
        CityGenerator city = new CityGenerator(CitySpec.ofResidents(1_000_000, 1));
        Iterator<GeneratedBundle> bundles = city.bundles();
        // A million-resident city yields its first bundle at once: nothing is generated ahead.
        long start = System.nanoTime();
        assertThat(bundles.next().json()).isNotEmpty();
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
}
