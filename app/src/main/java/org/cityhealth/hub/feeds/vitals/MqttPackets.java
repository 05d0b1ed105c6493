package org.cityhealth.hub.feeds.vitals;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The MQTT 3.1.1 packets a QoS 1 subscriber exchanges with its broker (OASIS MQTT 3.1.1, chapter 2 and 3): CONNECT,
 * SUBSCRIBE, PUBACK, PINGREQ and DISCONNECT written; CONNACK, SUBACK, PUBLISH and PINGRESP read. {@link MqttSubscriber}
 * says why the hub speaks the protocol itself.
 */
final class MqttPackets {

    /** Larger packets are refused: a vital-sign message is a few hundred bytes, a monitor's frame a few kilobytes. */
    static final int MAX_PACKET = 1 << 20;
    private static final int PROTOCOL_LEVEL_311 = 4;
    private static final byte[] PINGREQ = {(byte) 0xC0, 0};
    private static final byte[] DISCONNECT = {(byte) 0xE0, 0};

    private MqttPackets() {
    }

    /** A packet the broker sent. */
    sealed interface Packet permits ConnAck, SubAck, Publish, PingResp {
    }

    /** CONNACK: whether the broker kept a session under the client id, and its return code (0 accepted). */
    record ConnAck(boolean sessionPresent, int returnCode) implements Packet {
    }

    /** SUBACK: the QoS granted per topic filter, 0x80 for a refused one. */
    record SubAck(int packetId, List<Integer> granted) implements Packet {
    }

    /**
     * PUBLISH: {@code packetId} is 0 at QoS 0; {@code payload} is null when the packet was larger than {@link #MAX_PACKET}
     * and the payload, {@code size} bytes, skipped.
     */
    record Publish(String topic, int qos, int packetId, byte[] payload, int size) implements Packet {
    }

    /** PINGRESP. */
    record PingResp() implements Packet {
    }

    /** The broker broke the protocol: the connection cannot go on. */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }

    /** Reads the next packet. */
    static Packet read(DataInputStream in) throws IOException {
        int header = in.read();
        if (header < 0) {
            throw new EOFException("the broker closed the connection");
        }
        int type = header >>> 4;
        int length = remainingLength(in, type == 3);
        int flags = header & 0x0F;
        // Only PUBLISH has flags; the others' reserved bits must be 0 (2.2.2).
        expect(type == 3 || flags == 0, "packet type " + type + " with reserved flags " + flags);
        return switch (type) {
            case 2 -> connAck(in, length);
            case 3 -> publish(in, flags, length);
            case 9 -> subAck(in, length);
            case 13 -> {
                expect(length == 0, "PINGRESP with a body");
                yield new PingResp();
            }
            default -> throw new ProtocolException("unexpected packet type " + type + " from the broker");
        };
    }

    /**
     * The Remaining Length: seven bits a byte, least significant first, at most four bytes (2.2.3). Only a PUBLISH may be
     * larger than {@link #MAX_PACKET} (its payload is then skipped): refusing it would end the connection, and the broker
     * would send the same message first on the next one, for ever.
     */
    static int remainingLength(InputStream in, boolean publish) throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = in.read();
            if (digit < 0) {
                throw new EOFException("the connection ended inside a packet header");
            }
            value |= (digit & 0x7F) << (7 * i);
            if ((digit & 0x80) == 0) {
                if (value > MAX_PACKET && !publish) {
                    throw new ProtocolException("packet of " + value + " bytes, more than the " + MAX_PACKET + " accepted");
                }
                return value;
            }
        }
        throw new ProtocolException("remaining length longer than four bytes");
    }

    private static ConnAck connAck(DataInputStream in, int length) throws IOException {
        expect(length == 2, "CONNACK of " + length + " bytes");
        int acknowledgeFlags = in.readUnsignedByte();
        expect((acknowledgeFlags & 0xFE) == 0, "CONNACK with reserved flags set");
        return new ConnAck((acknowledgeFlags & 1) == 1, in.readUnsignedByte());
    }

    private static SubAck subAck(DataInputStream in, int length) throws IOException {
        expect(length >= 3, "SUBACK of " + length + " bytes");
        int packetId = in.readUnsignedShort();
        List<Integer> granted = new ArrayList<>(length - 2);
        for (int i = 2; i < length; i++) {
            granted.add(in.readUnsignedByte());
        }
        return new SubAck(packetId, granted);
    }

    private static Publish publish(DataInputStream in, int flags, int length) throws IOException {
        int qos = (flags >>> 1) & 3;
        // A QoS 1 subscription is served at QoS 0 or 1 (3.8.4); QoS 2 would need PUBREC/PUBREL, which this client never offers.
        expect(qos < 2, "PUBLISH at QoS " + qos + " on a QoS 1 subscription");
        expect(qos > 0 || (flags & 8) == 0, "PUBLISH at QoS 0 marked as a duplicate");
        expect(length >= 2, "PUBLISH of " + length + " bytes");
        int topicLength = in.readUnsignedShort();
        int packetIdLength = qos > 0 ? 2 : 0;
        expect(topicLength > 0 && 2 + topicLength + packetIdLength <= length, "PUBLISH whose topic does not fit the packet");
        byte[] topic = new byte[topicLength];
        in.readFully(topic);
        int packetId = qos > 0 ? in.readUnsignedShort() : 0;
        expect(qos == 0 || packetId != 0, "QoS 1 PUBLISH with packet identifier 0");
        int payloadLength = length - 2 - topicLength - packetIdLength;
        if (length > MAX_PACKET) {
            in.skipNBytes(payloadLength);
            return new Publish(utf8(topic), qos, packetId, null, payloadLength);
        }
        byte[] payload = new byte[payloadLength];
        in.readFully(payload);
        return new Publish(utf8(topic), qos, packetId, payload, payloadLength);
    }

    /** A topic name must be well-formed UTF-8 (1.5.3); a broker sending anything else is broken. */
    private static String utf8(byte[] bytes) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("topic name is not UTF-8");
        }
    }

    private static void expect(boolean condition, String problem) throws ProtocolException {
        if (!condition) {
            throw new ProtocolException(problem);
        }
    }

    /** CONNECT without a will; {@code username} and {@code password} empty for none (a password needs a user name, 3.1.2.9). */
    static byte[] connect(String clientId, boolean cleanSession, int keepAliveSeconds, String username, String password) {
        if (username.isEmpty() && !password.isEmpty()) {
            throw new IllegalArgumentException("an MQTT password needs a user name");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(PROTOCOL_LEVEL_311);
        body.write((username.isEmpty() ? 0 : 0x80) | (password.isEmpty() ? 0 : 0x40) | (cleanSession ? 0x02 : 0x00));
        body.write(keepAliveSeconds >>> 8);
        body.write(keepAliveSeconds & 0xFF);
        string(body, clientId);
        if (!username.isEmpty()) {
            string(body, username);
        }
        if (!password.isEmpty()) {
            // Binary data (1.5.6), written as UTF-8: the length and the bytes, like a string.
            string(body, password);
        }
        return packet(0x10, body.toByteArray());
    }

    /** SUBSCRIBE to one topic filter at {@code qos}. */
    static byte[] subscribe(int packetId, String topicFilter, int qos) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >>> 8);
        body.write(packetId & 0xFF);
        string(body, topicFilter);
        body.write(qos);
        return packet(0x82, body.toByteArray());
    }

    /** PUBACKs of {@code packetIds}, back to back, to go out in one write. */
    static byte[] pubAcks(int[] packetIds, int count) {
        byte[] acks = new byte[4 * count];
        for (int i = 0; i < count; i++) {
            acks[4 * i] = 0x40;
            acks[4 * i + 1] = 2;
            acks[4 * i + 2] = (byte) (packetIds[i] >>> 8);
            acks[4 * i + 3] = (byte) packetIds[i];
        }
        return acks;
    }

    static byte[] pingReq() {
        return PINGREQ.clone();
    }

    static byte[] disconnect() {
        return DISCONNECT.clone();
    }

    /** A UTF-8 string with its two-byte length (1.5.3). */
    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("MQTT strings are at most 65,535 bytes");
        }
        out.write(bytes.length >>> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    private static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(header);
        int length = body.length;
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
