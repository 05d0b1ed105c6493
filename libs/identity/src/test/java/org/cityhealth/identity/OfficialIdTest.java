package org.cityhealth.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.strings;

import org.cityhealth.identity.OfficialId.Kind;
import org.junit.jupiter.api.Test;

class OfficialIdTest {

    @Test
    void passports() {
        assertThat(OfficialId.parse(Kind.PASSPORT, "E12345678")).contains(new OfficialId(Kind.PASSPORT, "E12345678"));
        assertThat(OfficialId.parse(Kind.PASSPORT, " e1234 5678 ")).contains(new OfficialId(Kind.PASSPORT, "E12345678"));
        assertThat(OfficialId.parse(Kind.PASSPORT, "g-1234-5678")).contains(new OfficialId(Kind.PASSPORT, "G12345678"));
        assertThat(OfficialId.parse(Kind.PASSPORT, "A1234")).isPresent(); // 5, the shortest
        assertThat(OfficialId.parse(Kind.PASSPORT, "A" + "1".repeat(16))).isPresent(); // 17, the longest
        assertThat(OfficialId.parse(Kind.PASSPORT, "A123")).isEmpty();
        assertThat(OfficialId.parse(Kind.PASSPORT, "A" + "1".repeat(17))).isEmpty();
        assertThat(OfficialId.parse(Kind.PASSPORT, "E1234567!")).isEmpty();
        assertThat(OfficialId.parse(Kind.PASSPORT, "E1234_5678")).isEmpty();
    }

    @Test
    void hongKongAndMacaoPermits() {
        assertThat(OfficialId.parse(Kind.HK_MACAO_PERMIT, "H12345678")).contains(new OfficialId(Kind.HK_MACAO_PERMIT, "H12345678"));
        assertThat(OfficialId.parse(Kind.HK_MACAO_PERMIT, "m1234567801")).contains(new OfficialId(Kind.HK_MACAO_PERMIT, "M1234567801"));
        assertThat(OfficialId.parse(Kind.HK_MACAO_PERMIT, "H123456789")).isEmpty(); // 9 digits
        assertThat(OfficialId.parse(Kind.HK_MACAO_PERMIT, "H1234567")).isEmpty();
        assertThat(OfficialId.parse(Kind.HK_MACAO_PERMIT, "C12345678")).isEmpty();
        assertThat(OfficialId.parse(Kind.HK_MACAO_PERMIT, "12345678")).isEmpty();
    }

    @Test
    void taiwanPermits() {
        assertThat(OfficialId.parse(Kind.TAIWAN_PERMIT, "12345678")).contains(new OfficialId(Kind.TAIWAN_PERMIT, "12345678"));
        assertThat(OfficialId.parse(Kind.TAIWAN_PERMIT, "1234 5678 90")).contains(new OfficialId(Kind.TAIWAN_PERMIT, "1234567890"));
        assertThat(OfficialId.parse(Kind.TAIWAN_PERMIT, "123456789")).isEmpty();
        assertThat(OfficialId.parse(Kind.TAIWAN_PERMIT, "T12345678")).isEmpty();
        assertThat(OfficialId.parse(Kind.TAIWAN_PERMIT, "1234567")).isEmpty();
    }

    @Test
    void foreignPermanentResidentCards() {
        // Old card: three-letter nationality and twelve digits; 2017 card: 18 characters starting with 9.
        assertThat(OfficialId.parse(Kind.FOREIGN_PERMANENT_RESIDENT, "usa123456789012")).contains(new OfficialId(Kind.FOREIGN_PERMANENT_RESIDENT, "USA123456789012"));
        assertThat(OfficialId.parse(Kind.FOREIGN_PERMANENT_RESIDENT, "93101519800101123x")).contains(new OfficialId(Kind.FOREIGN_PERMANENT_RESIDENT, "93101519800101123X"));
        assertThat(OfficialId.parse(Kind.FOREIGN_PERMANENT_RESIDENT, "831015198001011234")).isEmpty();
        assertThat(OfficialId.parse(Kind.FOREIGN_PERMANENT_RESIDENT, "US1234567890123")).isEmpty();
        assertThat(OfficialId.parse(Kind.FOREIGN_PERMANENT_RESIDENT, "USA12345678901")).isEmpty();
    }

    @Test
    void medicalInsuranceNumbers() {
        assertThat(OfficialId.parse(Kind.MEDICAL_INSURANCE, "ab12-cd34")).contains(new OfficialId(Kind.MEDICAL_INSURANCE, "AB12CD34"));
        assertThat(OfficialId.parse(Kind.MEDICAL_INSURANCE, "1".repeat(30))).isPresent();
        assertThat(OfficialId.parse(Kind.MEDICAL_INSURANCE, "1".repeat(31))).isEmpty();
        assertThat(OfficialId.parse(Kind.MEDICAL_INSURANCE, "1234567")).isEmpty();
    }

    @Test
    void nothingIsNotAnIdentifier() {
        for (Kind kind : Kind.values()) {
            assertThat(OfficialId.parse(kind, null)).isEmpty();
            assertThat(OfficialId.parse(kind, "")).isEmpty();
            assertThat(OfficialId.parse(kind, "   ")).isEmpty();
        }
    }

    @Test
    void theConstructorOnlyTakesNormalValues() {
        assertThatThrownBy(() -> new OfficialId(Kind.PASSPORT, "e12345678")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OfficialId(Kind.TAIWAN_PERMIT, "H12345678")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OfficialId(null, "E12345678")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OfficialId(Kind.PASSPORT, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void keySeparatesKinds() {
        OfficialId passport = new OfficialId(Kind.PASSPORT, "12345678");
        OfficialId permit = new OfficialId(Kind.TAIWAN_PERMIT, "12345678");
        assertThat(passport.key()).isEqualTo("PASSPORT:12345678");
        assertThat(passport.key()).isNotEqualTo(permit.key());
    }

    @Test
    void parsedValuesAreNormalAndParseToThemselves() {
        qt().forAll(arbitrary().enumValues(Kind.class), strings().ascii().ofLengthBetween(0, 25)).checkAssert((kind, text) ->
                OfficialId.parse(kind, text).ifPresent(id -> {
                    assertThat(id.value()).doesNotContainPattern("[\\s\\-a-z]");
                    assertThat(OfficialId.parse(kind, id.value())).contains(id);
                }));
        qt().forAll(arbitrary().enumValues(Kind.class), strings().allPossible().ofLengthBetween(0, 25)).checkAssert(OfficialId::parse);
    }
}
