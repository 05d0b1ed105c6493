package org.cityhealth.hub.feeds.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ACKs built with HAPI: ERR in the layout of the sender's version, and an ACK even for bytes that are not HL7. */
class Hl7AcksTest {

    private final Hl7Acks acks = new Hl7Acks();

    private String ack(String message, Hl7Acks.Outcome outcome) {
        byte[] raw = message.getBytes(StandardCharsets.UTF_8);
        return new String(acks.ack(raw, StandardCharsets.UTF_8, outcome), StandardCharsets.UTF_8);
    }

    @Test
    void anErrorNamesCodeAndLocationInBothErrLayoutsForOlderVersions() {
        String ack = ack(Hl7Fixtures.text("adt_a01_v23.hl7", "H001"),
                new Hl7Acks.Outcome(AcknowledgmentCode.AE, ErrorCode.REQUIRED_FIELD_MISSING, "PID^1^3", "PID-3 is missing"));
        assertThat(ack).contains("|ACK^A01^ACK|").contains("|2.3|").contains("MSA|AE|ADT0001");
        assertThat(ack).contains("ERR|PID^1^3^101&Required field missing&HL70357|PID^1^3|101^Required field missing^HL70357");
    }

    @Test
    void anAcceptedMessageEchoesItsControlIdAndCharacterSet() {
        String ack = ack(Hl7Fixtures.text("oru_r01_v251.hl7", "H001"), Hl7Acks.Outcome.ACCEPTED);
        assertThat(ack).startsWith("MSH|^~\\&|CITYHEALTH|HUB|LIS|H001|").contains("|UNICODE UTF-8").contains("MSA|AA|LAB0001").doesNotContain("ERR");
    }

    @Test
    void bytesThatAreNotHl7StillGetAMinimalAck() {
        String ack = ack("\u0000garbage", Hl7Acks.Outcome.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH^1", "not HL7"));
        assertThat(ack).startsWith("MSH|^~\\&|CITYHEALTH|").contains("|ACK|").contains("MSA|AR").contains("100^Segment sequence error");
        String unreadable = ack("MSH|^~\\&|HIS|H001|||x||ADT^A01|C42|P|9.9\r", Hl7Acks.Outcome.rejected(ErrorCode.UNSUPPORTED_VERSION_ID, "MSH^1^12", "no"));
        assertThat(unreadable).contains("MSA|AR|C42").contains("203^");
    }
}
