package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The cheap Patient view and the twins' IDs at the scale of a real city. */
class PatientsAndTwinsAtScaleTest {

    @Test
    void aMillionResidentsPatientsStreamInWellUnderAMinuteWithFlatMemory() {
        CityGenerator city = new CityGenerator(CitySpec.ofResidents(1_000_000, 4)
                .withIdentityNoise(IdentityNoise.realistic()));
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        // Other test classes of this JVM may hold data: measure what this stream adds to it.
        long baseline = runtime.totalMemory() - runtime.freeMemory();
        long started = System.nanoTime();
        long count = 0;
        long peakUsed = 0;
        int lastResident = -1;
        Iterator<GeneratedPatient> patients = city.patients();
        while (patients.hasNext()) {
            GeneratedPatient p = patients.next();
            lastResident = p.residentIndex();
            if (++count % 700_000 == 0) {
                System.gc();
                peakUsed = Math.max(peakUsed, runtime.totalMemory() - runtime.freeMemory());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(lastResident).isEqualTo(999_999);
        assertThat(count).isGreaterThan(2_500_000);
        // About 15 s on two shared cores; a minute leaves room for a busy machine.
        assertThat(seconds).isLessThan(60);
        // Nothing is kept: live heap after a collection is the generator's tables, whatever the city's size.
        assertThat(peakUsed - baseline).isLessThan(48L << 20);
    }

    @Test
    void residentIdsStayUniqueInALargeCityWhereHalfThePeopleAreTwins() {
        int residents = 400_000;
        CitySpec spec = CitySpec.ofResidents(residents, 17).withHeavyResidents(500)
                .withIdentityNoise(IdentityNoise.NONE.withRates("twins=0.5"));
        long[] keys = new long[residents];
        int twins = 0;
        int sameSexPairs = 0;
        String previousSex = null;
        Iterator<ResidentTruth> truths = new CityGenerator(spec).residents();
        while (truths.hasNext()) {
            ResidentTruth t = truths.next();
            // The first seventeen characters determine the check character: they alone must be unique.
            keys[t.index()] = Long.parseLong(t.residentId().substring(0, 17));
            assertThat(IdentityNoiseTest.checkHolds(t.residentId())).as(t.residentId()).isTrue();
            if (t.twinOf() >= 0) {
                twins++;
                if (t.twinOf() < t.index() && t.sex().equals(previousSex)) {
                    sameSexPairs++;
                }
            }
            previousSex = t.sex();
        }
        Arrays.sort(keys);
        for (int i = 1; i < keys.length; i++) {
            assertThat(keys[i]).as("duplicate resident ID").isNotEqualTo(keys[i - 1]);
        }
        assertThat(twins).isBetween(residents * 45 / 100, residents * 55 / 100);
        assertThat(sameSexPairs).isBetween(twins / 2 * 4 / 10, twins / 2 * 6 / 10);
    }

    @Test
    void theOccupancyOfALaneOnADayIsExactlyWhatThePlanAssigns() {
        CitySpec spec = CitySpec.ofResidents(200_000, 23).withHeavyResidents(100);
        IdentityPlan plan = new IdentityPlan(spec);
        Set<Long> slots = new HashSet<>();
        for (int i = spec.heavyResidents(); i < spec.residents(); i++) {
            IdentityPlan.Slot slot = plan.slot(i);
            slots.add(key(slot.birthDate(), slot.lane()));
        }
        for (long slot : slots) {
            assertThat(plan.occupied(LocalDate.ofEpochDay(Math.floorDiv(slot, 1000)), (int) Math.floorMod(slot, 1000)))
                    .isTrue();
        }
        SplittableRandom random = new SplittableRandom(3);
        int occupied = 0;
        for (int probe = 0; probe < 200_000; probe++) {
            LocalDate day = spec.historyEnd().minusDays(random.nextInt(36_600));
            int lane = random.nextInt(IdentityPlan.LANES);
            boolean expected = slots.contains(key(day, lane));
            assertThat(plan.occupied(day, lane)).as("%s lane %d", day, lane).isEqualTo(expected);
            occupied += expected ? 1 : 0;
        }
        assertThat(occupied).isPositive();
    }

    private static long key(LocalDate day, int lane) {
        return day.toEpochDay() * 1000 + lane;
    }
}
