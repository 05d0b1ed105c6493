package org.cityhealth.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.LocalDate;
import org.quicktheories.core.Gen;
import org.junit.jupiter.api.Test;

class ResidentIdTest {

    @Test
    void acceptsTheStandardsWorkedExample() {
        // GB 11643-1999 appendix example: 11010519491231002X (a woman born 1949-12-31 in Chaoyang, Beijing).
        ResidentId id = new ResidentId("11010519491231002X");
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(id.male()).isFalse();
        assertThat(id.regionCode()).isEqualTo("110105");
    }

    @Test
    void upgradesLegacyFifteenDigitNumbers() {
        // 15-digit form of the same person: region, two-digit year, month, day, sequence.
        assertThat(ResidentId.parse("110105491231002")).contains(new ResidentId("11010519491231002X"));
    }

    @Test
    void refusesAWrongCheckCharacterWithItsReason() {
        assertThat(ResidentId.problemWith("110105194912310021")).contains("expected X");
        assertThatThrownBy(() -> new ResidentId("110105194912310021")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesImpossibleDatesAndShapes() {
        assertThat(ResidentId.parse(with17("11010519490231002"))).isEmpty(); // 31 February
        assertThat(ResidentId.parse(with17("11010599991231002"))).isEmpty(); // future
        assertThat(ResidentId.parse(with17("01010519491231002"))).isEmpty(); // region 0…
        assertThat(ResidentId.parse("1101051949123100")).isEmpty();
        assertThat(ResidentId.parse("11010519491231002Y")).isEmpty();
        assertThat(ResidentId.parse(null)).isEmpty();
    }

    @Test
    void masksBirthDateAndSequenceInToString() {
        assertThat(new ResidentId("11010519491231002X").toString()).isEqualTo("1101**********002X");
    }

    @Test
    void everyGeneratedNumberParsesBackToItsParts() {
        qt().forAll(births(), integers().between(0, 999)).checkAssert((birth, sequence) -> {
            ResidentId id = ResidentId.of("310104", birth, sequence);
            assertThat(ResidentId.parse(id.value())).contains(id);
            assertThat(id.birthDate()).isEqualTo(birth);
            assertThat(id.male()).isEqualTo(sequence % 2 == 1);
        });
    }

    @Test
    void anySingleDigitChangeIsDetected() {
        // MOD 11-2 detects every single-digit substitution.
        qt().forAll(births(), integers().between(0, 16), integers().between(1, 9)).checkAssert((birth, position, delta) -> {
            char[] chars = ResidentId.of("440305", birth, 123).value().toCharArray();
            chars[position] = (char) ('0' + (chars[position] - '0' + delta) % 10);
            assertThat(ResidentId.problemWith(new String(chars))).isNotNull();
        });
    }

    @Test
    void anyAdjacentTranspositionOfDifferentDigitsIsDetected() {
        qt().forAll(births(), integers().between(0, 999), integers().between(0, 15)).checkAssert((birth, sequence, position) -> {
            char[] chars = ResidentId.of("330106", birth, sequence).value().toCharArray();
            if (chars[position] != chars[position + 1]) {
                char swap = chars[position];
                chars[position] = chars[position + 1];
                chars[position + 1] = swap;
                assertThat(ResidentId.problemWith(new String(chars))).isNotNull();
            }
        });
    }

    @Test
    void parseNeverThrowsOnArbitraryText() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(ResidentId::parse);
        qt().forAll(strings().numeric()).checkAssert(ResidentId::parse);
    }

    private static Gen<LocalDate> births() {
        return integers().between(1900, 2024).zip(integers().between(1, 365),
                (year, day) -> LocalDate.ofYearDay(year, Math.min(day, LocalDate.of(year, 1, 1).lengthOfYear())));
    }

    private static String with17(String seventeen) {
        return seventeen + ResidentId.checkCharacter(seventeen);
    }
}
