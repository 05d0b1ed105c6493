package org.cityhealth.hub.feeds.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The MQTT 3.1.1 packets against the specification's own encodings (OASIS MQTT 3.1.1, 2.2.3 and chapter 3), packets
 * written here independently of the code, and damaged streams, which must end in an {@link IOException} and nothing else.
 */
class MqttPacketsTest {

    @Test
    void remainingLengthsAreReadAsTheSpecificationsTableEncodesThem() throws IOException {
        // Table 2.4: the boundaries of one to four bytes.
        assertThat(MqttPackets.remainingLength(bytes("00"), false)).isZero();
        assertThat(MqttPackets.remainingLength(bytes("7F"), false)).isEqualTo(127);
        assertThat(MqttPackets.remainingLength(bytes("8001"), false)).isEqualTo(128);
        assertThat(MqttPackets.remainingLength(bytes("FF7F"), false)).isEqualTo(16_383);
        assertThat(MqttPackets.remainingLength(bytes("808001"), false)).isEqualTo(16_384);
        assertThatThrownBy(() -> MqttPackets.remainingLength(bytes("FFFF7F"), false)).isInstanceOf(MqttPackets.ProtocolException.class)
                .hasMessageContaining("2097151 bytes");
        assertThatThrownBy(() -> MqttPackets.remainingLength(bytes("FFFFFF7F"), false)).isInstanceOf(MqttPackets.ProtocolException.class);
        assertThatThrownBy(() -> MqttPackets.remainingLength(bytes("8080808001"), false)).isInstanceOf(MqttPackets.ProtocolException.class)
                .hasMessageContaining("four bytes");
        assertThatThrownBy(() -> MqttPackets.remainingLength(bytes("80"), false)).isInstanceOf(EOFException.class);
    }

    @Test
    void connectSubscribeAndAcknowledgementsAreTheSpecificationsBytes() {
        // 3.1: fixed header 0x10, length 15; "MQTT", level 4, flags (clean session off), keep-alive 30; client id "hub".
        assertThat(hex(MqttPackets.connect("hub", false, 30, "", ""))).isEqualTo("100f00044d5154540400001e0003687562");
        assertThat(hex(MqttPackets.connect("hub", true, 300, "", ""))).isEqualTo("100f00044d5154540402012c0003687562");
        // 3.1.2.8/9 and 3.1.3.4/5: user name and password flags (0x80, 0x40), then both after the client id, length-prefixed.
        assertThat(hex(MqttPackets.connect("hub", false, 30, "u1", "pw")))
                .isEqualTo("1017" + "00044d515454" + "04" + "c0" + "001e" + "0003687562" + "00027531" + "00027077");
        assertThat(hex(MqttPackets.connect("hub", false, 30, "u1", ""))).isEqualTo("1013" + "00044d515454" + "04" + "80" + "001e" + "0003687562" + "00027531");
        assertThatThrownBy(() -> MqttPackets.connect("hub", false, 30, "", "pw")).hasMessageContaining("needs a user name");
        // 3.8: fixed header 0x82 (reserved bits 0010), packet id, topic filter, requested QoS.
        assertThat(hex(MqttPackets.subscribe(1, "a/#", 1))).isEqualTo("820800010003612f2301");
        // 3.4: PUBACKs back to back.
        assertThat(hex(MqttPackets.pubAcks(new int[] {1, 0xABCD, 7}, 2))).isEqualTo("400200014002abcd");
        assertThat(hex(MqttPackets.pingReq())).isEqualTo("c000");
        assertThat(hex(MqttPackets.disconnect())).isEqualTo("e000");
    }

    @Test
    void aClientIdOfManyBytesHasATwoByteRemainingLength() {
        byte[] connect = MqttPackets.connect("设备".repeat(50), false, 30, "", "");
        // 300 bytes of UTF-8 + 12 bytes of variable header and length prefix = 312 = 0xB8 0x02.
        assertThat(hex(Arrays.copyOf(connect, 3))).isEqualTo("10b802");
        assertThat(connect).hasSize(3 + 312);
    }

    @Test
    void publishPacketsAreReadAsTheyWereWritten() {
        qt().withExamples(500).forAll(strings().betweenCodePoints(0x20, 0xD7FF).ofLengthBetween(1, 80), integers().between(1, 0xFFFF),
                integers().between(0, 40_000), integers().all()).checkAssert((topic, packetId, payloadLength, seed) -> {
                    byte[] payload = new byte[payloadLength];
                    new Random(seed).nextBytes(payload);
                    int qos = (seed >>> 1) & 1;
                    boolean duplicate = qos == 1 && (seed & 1) == 0;
                    byte[] stream = concat(publish(topic, qos, duplicate, packetId, payload), hexBytes("d000"));
                    try {
                        DataInputStream in = new DataInputStream(new ByteArrayInputStream(stream));
                        MqttPackets.Publish read = (MqttPackets.Publish) MqttPackets.read(in);
                        assertThat(read.topic()).isEqualTo(topic);
                        assertThat(read.qos()).isEqualTo(qos);
                        assertThat(read.packetId()).isEqualTo(qos == 0 ? 0 : packetId);
                        assertThat(read.payload()).isEqualTo(payload);
                        // The next packet starts where this one ended.
                        assertThat(MqttPackets.read(in)).isInstanceOf(MqttPackets.PingResp.class);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void aPublishLargerThanTheLimitIsSkippedAndTheStreamGoesOn() throws IOException {
        assertThat(MqttPackets.remainingLength(bytes("FFFF7F"), true)).as("a PUBLISH may be larger").isEqualTo(2_097_151);
        byte[] large = new byte[(1 << 20) + 1];
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(concat(publish("big/a", 1, false, 9, large), hexBytes("d000"))));
        MqttPackets.Publish skipped = (MqttPackets.Publish) MqttPackets.read(in);
        assertThat(skipped.topic()).isEqualTo("big/a");
        assertThat(skipped.packetId()).isEqualTo(9);
        assertThat(skipped.payload()).as("skipped").isNull();
        assertThat(skipped.size()).isEqualTo(large.length);
        assertThat(MqttPackets.read(in)).isInstanceOf(MqttPackets.PingResp.class);
    }

    @Test
    void theBrokersAnswersAreRead() throws IOException {
        assertThat(MqttPackets.read(stream("20020100"))).isEqualTo(new MqttPackets.ConnAck(true, 0));
        assertThat(MqttPackets.read(stream("20020005"))).isEqualTo(new MqttPackets.ConnAck(false, 5));
        MqttPackets.SubAck subAck = (MqttPackets.SubAck) MqttPackets.read(stream("9004000a0180"));
        assertThat(subAck.packetId()).isEqualTo(10);
        assertThat(subAck.granted()).containsExactly(1, 0x80);
    }

    @Test
    void packetsAgainstTheProtocolAreRefusedByName() {
        // QoS 2 on a QoS 1 subscription, QoS 1 with packet id 0, a topic longer than the packet, a topic not UTF-8.
        assertThat(refusal("340700016100010a")).contains("QoS 2");
        assertThat(refusal("3205000161000078")).contains("packet identifier 0");
        assertThat(refusal("30040009616263")).contains("does not fit");
        assertThat(refusal("30040002c328")).contains("UTF-8");
        assertThat(refusal("200300000000")).contains("CONNACK of 3 bytes");
        assertThat(refusal("d00100")).contains("PINGRESP with a body");
        assertThat(refusal("a000")).contains("unexpected packet type 10");
        assertThat(refusal("9203000101")).contains("reserved flags 2");
        assertThat(refusal("3805000161ffff")).contains("QoS 0 marked as a duplicate");
    }

    @Test
    void aDamagedStreamEndsInAnIoExceptionAndNothingElse() {
        byte[] valid = concat(concat(hexBytes("20020100"), hexBytes("9003000101")),
                concat(publish("cityhealth/vitals/H1/monitor-7", 1, false, 42, "{\"type\":\"spo2\",\"value\":97}".getBytes(StandardCharsets.UTF_8)),
                        publish("a/b", 0, false, 0, new byte[300])));
        qt().withExamples(5000).forAll(integers().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            byte[] damaged = valid.clone();
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(damaged));
            try {
                for (int packets = 0; packets < damaged.length + 1; packets++) {
                    MqttPackets.read(in);
                }
                throw new AssertionError("more packets than bytes");
            } catch (IOException expected) {
                assertThat(expected).isInstanceOfAny(EOFException.class, MqttPackets.ProtocolException.class);
            }
        });
    }

    /** A PUBLISH as 3.3 lays it out, written independently of {@link MqttPackets}. */
    private static byte[] publish(String topic, int qos, boolean duplicate, int packetId, byte[] payload) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(topicBytes.length >> 8);
        body.write(topicBytes.length & 0xFF);
        body.writeBytes(topicBytes);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId & 0xFF);
        }
        body.writeBytes(payload);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x30 | (duplicate ? 8 : 0) | qos << 1);
        int length = body.size();
        while (length >= 128) {
            packet.write(length % 128 + 128);
            length /= 128;
        }
        packet.write(length);
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static String refusal(String hex) {
        try {
            MqttPackets.read(stream(hex));
            throw new AssertionError("accepted " + hex);
        } catch (MqttPackets.ProtocolException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static DataInputStream stream(String hex) {
        return new DataInputStream(bytes(hex));
    }

    private static ByteArrayInputStream bytes(String hex) {
        return new ByteArrayInputStream(hexBytes(hex));
    }

    private static byte[] hexBytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
