package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleFunction;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.Test;

class IdentityNoiseTest {

    @Test
    void noneIsAllZeroAndRealisticIsTheDocumentedSet() {
        assertThat(IdentityNoise.NONE.isNone()).isTrue();
        assertThat(IdentityNoise.NONE.rates().values()).containsOnly(0.0).hasSize(7);
        assertThat(IdentityNoise.realistic()).isEqualTo(new IdentityNoise(0.02, 0.003, 0.05, 0.01, 0.01, 0.01, 0.05));
        assertThat(IdentityNoise.realistic().isNone()).isFalse();
        assertThat(new IdentityNoise(-0.0, 0, 0, 0, 0, 0, 0)).as("-0.0 is zero").isEqualTo(IdentityNoise.NONE);
    }

    @Test
    void everyRateMustBeAProbability() {
        List<DoubleFunction<IdentityNoise>> makers = List.of(
                v -> new IdentityNoise(v, 0, 0, 0, 0, 0, 0), v -> new IdentityNoise(0, v, 0, 0, 0, 0, 0),
                v -> new IdentityNoise(0, 0, v, 0, 0, 0, 0), v -> new IdentityNoise(0, 0, 0, v, 0, 0, 0),
                v -> new IdentityNoise(0, 0, 0, 0, v, 0, 0), v -> new IdentityNoise(0, 0, 0, 0, 0, v, 0),
                v -> new IdentityNoise(0, 0, 0, 0, 0, 0, v));
        List<String> names = List.of("nameTypo", "idTypo", "idMissing", "nameChange", "swappedBirthDate", "twins",
                "sharedPhone");
        for (int i = 0; i < makers.size(); i++) {
            DoubleFunction<IdentityNoise> make = makers.get(i);
            for (double bad : new double[] {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY}) {
                assertThatThrownBy(() -> make.apply(bad)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("identityNoise." + names.get(i) + " must be between 0 and 1: " + bad);
            }
            assertThat(make.apply(1).isNone()).isFalse();
            assertThat(make.apply(0).isNone()).isTrue();
        }
    }

    @Test
    void namedAndOverriddenAsTheCommandLineSpellsThem() {
        assertThat(IdentityNoise.named("none")).isEqualTo(IdentityNoise.NONE);
        assertThat(IdentityNoise.named(" Realistic ")).isEqualTo(IdentityNoise.realistic());
        assertThatThrownBy(() -> IdentityNoise.named("loud")).hasMessage(
                "identity noise must be none or realistic: loud");

        IdentityNoise custom = IdentityNoise.realistic().withRates("name-typo=0.05, twins=0.02");
        assertThat(custom).isEqualTo(new IdentityNoise(0.05, 0.003, 0.05, 0.01, 0.01, 0.02, 0.05));
        assertThat(IdentityNoise.NONE.withRates("id-typo=1,id-missing=0.5,name-change=0.1,swapped-birth-date=0.2,"
                + "shared-phone=0.3")).isEqualTo(new IdentityNoise(0, 1, 0.5, 0.1, 0.2, 0, 0.3));
        assertThat(IdentityNoise.NONE.withRates(" ")).isSameAs(IdentityNoise.NONE);

        assertThatThrownBy(() -> IdentityNoise.NONE.withRates("typos=0.1")).hasMessage(
                "unknown identity noise kind 'typos'; expected one of name-typo, id-typo, id-missing, name-change, "
                        + "swapped-birth-date, twins, shared-phone");
        assertThatThrownBy(() -> IdentityNoise.NONE.withRates("twins=lots")).hasMessage(
                "identity noise twins must be a number between 0 and 1: 'lots'");
        assertThatThrownBy(() -> IdentityNoise.NONE.withRates("twins=2")).hasMessage(
                "identity noise twins must be between 0 and 1: 2");
        assertThatThrownBy(() -> IdentityNoise.NONE.withRates("twins")).hasMessageStartingWith(
                "identity noise override must be kind=rate");
        assertThatThrownBy(() -> IdentityNoise.NONE.withRates("twins=0.1,")).hasMessageStartingWith(
                "identity noise override must be kind=rate");
    }

    @Test
    void citySpecsDefaultToNoNoiseAndKeepItThroughEveryWither() {
        CitySpec spec = CitySpec.ofResidents(1000, 7);
        assertThat(spec.identityNoise()).isSameAs(IdentityNoise.NONE);
        assertThat(new CitySpec(7, 1000, 3, 2, LocalDate.of(2020, 1, 1), LocalDate.of(2021, 12, 31), 10, 5)
                .identityNoise()).isSameAs(IdentityNoise.NONE);
        assertThat(spec.withIdentityNoise(IdentityNoise.NONE)).isEqualTo(spec);

        CitySpec noisy = spec.withIdentityNoise(IdentityNoise.realistic());
        assertThat(noisy).isNotEqualTo(spec);
        assertThat(noisy.withSeed(8).withResidentsPerBundle(3).withHeavyResidents(2).withSources(5, 3)
                .withHistory(LocalDate.of(2020, 1, 1), LocalDate.of(2021, 12, 31)).identityNoise())
                .isEqualTo(IdentityNoise.realistic());
        assertThatThrownBy(() -> spec.withIdentityNoise(null)).hasMessage("identityNoise is null");
    }

    @Test
    void mistypedIdsDifferAndAlwaysFailTheCheckCharacter() {
        // Any valid ID (region not starting with 0, any 11 digits after it), any draw.
        qt().withExamples(5_000).forAll(integers().between(100_000, 999_999), longs().between(0, 99_999_999_999L),
                longs().all()).checkAssert((region, rest, seed) -> {
                    String body = region + String.format("%011d", rest);
                    String id = body + checkCharacter(body);
                    assertThat(checkHolds(id)).isTrue();
                    String transposed = PatientNoise.transposed(id, new SplittableRandom(seed));
                    String wrong = PatientNoise.wrongDigit(id, new SplittableRandom(seed));
                    for (String typo : List.of(transposed, wrong)) {
                        assertThat(typo).hasSize(18).isNotEqualTo(id).endsWith(id.substring(17));
                        assertThat(checkHolds(typo)).as("%s from %s", typo, id).isFalse();
                        assertThat(ResidentId.parse(typo)).isEmpty();
                    }
                    assertThat(differences(id, wrong)).hasSize(1);
                    List<Integer> swapped = differences(id, transposed);
                    if (body.chars().distinct().count() == 1) {
                        // 99999999999999999…: nothing to transpose, so a digit is changed instead.
                        assertThat(swapped).hasSize(1);
                        return;
                    }
                    assertThat(swapped).hasSize(2);
                    int at = swapped.getFirst();
                    assertThat(swapped.get(1)).isEqualTo(at + 1).isLessThan(17);
                    assertThat(transposed.charAt(at)).isEqualTo(id.charAt(at + 1));
                    assertThat(transposed.charAt(at + 1)).isEqualTo(id.charAt(at));
                });
    }

    @Test
    void birthDatesSwapOnlyWhereTheSwapIsAnotherValidDate() {
        assertThat(PatientNoise.swapDayAndMonth(LocalDate.of(1985, 3, 7))).isEqualTo(LocalDate.of(1985, 7, 3));
        assertThat(PatientNoise.swapDayAndMonth(LocalDate.of(1985, 12, 1))).isEqualTo(LocalDate.of(1985, 1, 12));
        assertThat(PatientNoise.swapDayAndMonth(LocalDate.of(1985, 3, 13))).isNull();
        assertThat(PatientNoise.swapDayAndMonth(LocalDate.of(1985, 5, 5))).isNull();
        assertThat(PatientNoise.swapDayAndMonth(LocalDate.of(2000, 2, 29))).isNull();
    }

    @Test
    void almostEveryGivenNameCharacterHasAHomophoneAndEveryTypoChangesTheName() {
        List<String> without = new ArrayList<>();
        for (String c : NameGenerator.givenNameCharacters()) {
            if (!NameTypos.hasHomophone(c.codePointAt(0))) {
                without.add(c);
            }
        }
        assertThat(without).containsExactlyInAnyOrder("海", "诺", "安", "若");
        assertThat(NameTypos.toTraditional("张丽华")).isEqualTo("張麗華");
        assertThat(NameTypos.toTraditional("欧阳伟")).isEqualTo("歐陽偉");

        SplittableRandom random = new SplittableRandom(5);
        for (String family : NameGenerator.familyNames()) {
            for (String given : NameGenerator.givenNameCharacters()) {
                for (String name : List.of(given, given + "伟", "婷" + given)) {
                    NameTypos.Typo typo = NameTypos.apply(family, name, random);
                    if (typo == null) {
                        // Only a lone character without homophone, in a name without a traditional form, escapes.
                        assertThat(Set.of("海", "诺", "安", "若")).contains(name);
                        assertThat(NameTypos.hasTraditional(family + name)).isFalse();
                        continue;
                    }
                    assertThat(typo.family() + typo.given()).isNotEqualTo(family + name);
                    switch (typo.kind()) {
                        case NAME_HOMOPHONE -> {
                            assertThat(typo.family()).isEqualTo(family);
                            assertThat(differences(typo.given(), name)).hasSize(1);
                        }
                        case NAME_DROPPED_CHARACTER -> {
                            assertThat(typo.family()).isEqualTo(family);
                            assertThat(name).hasSize(2).contains(typo.given());
                            assertThat(typo.given()).hasSize(1);
                        }
                        case NAME_TRADITIONAL -> assertThat(typo.family() + typo.given())
                                .isEqualTo(NameTypos.toTraditional(family + name));
                        default -> throw new AssertionError(typo);
                    }
                }
            }
        }
    }

    /** GB 11643 / ISO 7064 MOD 11-2, written out here rather than trusting the code under test. */
    static boolean checkHolds(String id) {
        return id.length() == 18 && id.charAt(17) == checkCharacter(id.substring(0, 17));
    }

    static char checkCharacter(String body) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    static List<Integer> differences(String a, String b) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < Math.min(a.length(), b.length()); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                out.add(i);
            }
        }
        return out;
    }
}
