package org.cityhealth.dicom;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The PDUs of the DICOM upper layer protocol (PS3.8 §9.3): reading one from a stream with its length bounded,
 * and encoding and decoding the A-ASSOCIATE-RQ/AC items. Malformed PDUs raise {@link DicomException}, which the
 * caller answers with an A-ABORT.
 */
final class UpperLayer {
    private UpperLayer() {
    }

    static final int ASSOCIATE_RQ = 1;
    static final int ASSOCIATE_AC = 2;
    static final int ASSOCIATE_RJ = 3;
    static final int P_DATA_TF = 4;
    static final int RELEASE_RQ = 5;
    static final int RELEASE_RP = 6;
    static final int ABORT = 7;

    /** The DICOM application context name (PS3.7 A.2.1), the only one there is. */
    static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    /** A-ASSOCIATE PDUs are small; a larger one is hostile or broken. */
    static final int MAX_ASSOCIATE_LENGTH = 1 << 20;

    /** Presentation context results in A-ASSOCIATE-AC (PS3.8 §9.3.3.2). */
    static final int ACCEPTANCE = 0;
    static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    record Pdu(int type, byte[] body) {
    }

    record ProposedContext(int id, String abstractSyntax, List<String> transferSyntaxes) {
    }

    record AcceptedContext(int id, int result, String transferSyntax) {
    }

    /** The fields of an A-ASSOCIATE-RQ or -AC that this implementation uses. */
    record Associate(String calledAeTitle, String callingAeTitle, int protocolVersion, String applicationContext,
            List<ProposedContext> proposed, List<AcceptedContext> accepted, long maxPduLength,
            String implementationClassUid, String implementationVersionName) {
    }

    /** Reads one PDU; a clean end of stream before its first byte is an {@link EOFException}. */
    static Pdu read(DataInputStream in, long maxLength) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        in.readUnsignedByte();
        long length = in.readInt() & 0xFFFFFFFFL;
        if (type < ASSOCIATE_RQ || type > ABORT) {
            throw new DicomException("unrecognized PDU type " + type);
        }
        long bound = type == P_DATA_TF ? maxLength : type <= ASSOCIATE_RJ ? MAX_ASSOCIATE_LENGTH : 4;
        if (length > bound) {
            throw new DicomException("PDU type " + type + " of length " + length + " exceeds " + bound);
        }
        byte[] body = new byte[(int) length];
        in.readFully(body);
        return new Pdu(type, body);
    }

    static void write(OutputStream out, int type, byte[] body) throws IOException {
        byte[] header = {(byte) type, 0, (byte) (body.length >>> 24), (byte) (body.length >>> 16),
            (byte) (body.length >>> 8), (byte) body.length};
        out.write(header);
        out.write(body);
        out.flush();
    }

    static byte[] rejectBody(AssociationRejection rejection) {
        return new byte[] {0, (byte) rejection.result(), (byte) rejection.source(), (byte) rejection.reason()};
    }

    /** A-ABORT body: source 0 service-user, 2 service-provider; reason for a provider abort (PS3.8 §9.3.8). */
    static byte[] abortBody(int source, int reason) {
        return new byte[] {0, 0, (byte) source, (byte) reason};
    }

    static byte[] encodeAssociate(boolean request, Associate associate) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(1); // protocol version 1
        out.write(0);
        out.write(0);
        out.writeBytes(aeTitle(associate.calledAeTitle()));
        out.writeBytes(aeTitle(associate.callingAeTitle()));
        out.writeBytes(new byte[32]);
        item(out, 0x10, ascii(APPLICATION_CONTEXT));
        if (request) {
            for (ProposedContext context : associate.proposed()) {
                ByteArrayOutputStream sub = new ByteArrayOutputStream();
                sub.write(context.id());
                sub.writeBytes(new byte[3]);
                item(sub, 0x30, ascii(context.abstractSyntax()));
                for (String syntax : context.transferSyntaxes()) {
                    item(sub, 0x40, ascii(syntax));
                }
                item(out, 0x20, sub.toByteArray());
            }
        } else {
            for (AcceptedContext context : associate.accepted()) {
                ByteArrayOutputStream sub = new ByteArrayOutputStream();
                sub.write(context.id());
                sub.write(0);
                sub.write(context.result());
                sub.write(0);
                // PS3.8 §9.3.3.2: the transfer syntax sub-item is present but not significant on rejection.
                item(sub, 0x40, ascii(context.transferSyntax() == null ? "" : context.transferSyntax()));
                item(out, 0x21, sub.toByteArray());
            }
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, ByteBuffer.allocate(4).putInt((int) associate.maxPduLength()).array());
        item(user, 0x52, ascii(Uids.IMPLEMENTATION_CLASS_UID));
        item(user, 0x55, ascii(Uids.IMPLEMENTATION_VERSION_NAME));
        item(out, 0x50, user.toByteArray());
        return out.toByteArray();
    }

    static Associate decodeAssociate(boolean request, byte[] body) {
        if (body.length < 68) {
            throw new DicomException("A-ASSOCIATE PDU of " + body.length + " bytes is shorter than its 68-byte header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        int version = buffer.getShort() & 0xFFFF;
        buffer.getShort();
        String called = text(body, 4, 16).strip();
        String calling = text(body, 20, 16).strip();
        buffer.position(68);
        String applicationContext = null;
        List<ProposedContext> proposed = new ArrayList<>();
        List<AcceptedContext> accepted = new ArrayList<>();
        long maxPduLength = 0;
        String implementationClass = null;
        String implementationVersion = null;
        while (buffer.hasRemaining()) {
            int at = buffer.position();
            int type = itemHeader(buffer);
            int length = buffer.getShort() & 0xFFFF;
            ByteBuffer value = slice(buffer, length, at, type);
            switch (type) {
                case 0x10 -> applicationContext = text(value).strip();
                case 0x20 -> {
                    if (request) {
                        proposed.add(proposedContext(value, at));
                    }
                }
                case 0x21 -> {
                    if (!request) {
                        accepted.add(acceptedContext(value, at));
                    }
                }
                case 0x50 -> {
                    while (value.hasRemaining()) {
                        int subAt = at + 4 + value.position();
                        int subType = itemHeader(value);
                        int subLength = value.getShort() & 0xFFFF;
                        ByteBuffer sub = slice(value, subLength, subAt, subType);
                        switch (subType) {
                            case 0x51 -> {
                                if (subLength != 4) {
                                    throw new DicomException("maximum length sub-item at offset " + subAt
                                            + " has length " + subLength);
                                }
                                maxPduLength = sub.getInt() & 0xFFFFFFFFL;
                            }
                            case 0x52 -> implementationClass = text(sub).strip();
                            case 0x55 -> implementationVersion = text(sub).strip();
                            default -> {
                                // Asynchronous operations, role selection, extended negotiation: not used.
                            }
                        }
                    }
                }
                default -> throw new DicomException("unknown A-ASSOCIATE item type 0x"
                        + Integer.toHexString(type) + " at offset " + at);
            }
        }
        if (applicationContext == null) {
            throw new DicomException("A-ASSOCIATE without an application context item");
        }
        return new Associate(called, calling, version, applicationContext, proposed, accepted, maxPduLength,
                implementationClass, implementationVersion);
    }

    private static ProposedContext proposedContext(ByteBuffer value, int at) {
        if (value.remaining() < 4) {
            throw new DicomException("presentation context item at offset " + at + " is too short");
        }
        int id = value.get() & 0xFF;
        value.position(value.position() + 3);
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>();
        while (value.hasRemaining()) {
            int subAt = value.position();
            int type = itemHeader(value);
            int length = value.getShort() & 0xFFFF;
            ByteBuffer sub = slice(value, length, at + subAt, type);
            if (type == 0x30) {
                abstractSyntax = text(sub).strip();
            } else if (type == 0x40) {
                transferSyntaxes.add(text(sub).strip());
            } else {
                throw new DicomException("unexpected sub-item 0x" + Integer.toHexString(type)
                        + " in presentation context " + id);
            }
        }
        if (abstractSyntax == null) {
            throw new DicomException("presentation context " + id + " has no abstract syntax");
        }
        return new ProposedContext(id, abstractSyntax, transferSyntaxes);
    }

    private static AcceptedContext acceptedContext(ByteBuffer value, int at) {
        if (value.remaining() < 4) {
            throw new DicomException("presentation context item at offset " + at + " is too short");
        }
        int id = value.get() & 0xFF;
        value.get();
        int result = value.get() & 0xFF;
        value.get();
        String transferSyntax = null;
        while (value.hasRemaining()) {
            int subAt = value.position();
            int type = itemHeader(value);
            int length = value.getShort() & 0xFFFF;
            ByteBuffer sub = slice(value, length, at + subAt, type);
            if (type == 0x40) {
                transferSyntax = text(sub).strip();
            }
        }
        return new AcceptedContext(id, result, transferSyntax);
    }

    private static int itemHeader(ByteBuffer buffer) {
        if (buffer.remaining() < 4) {
            throw new DicomException("truncated item header at offset " + buffer.position());
        }
        int type = buffer.get() & 0xFF;
        buffer.get();
        return type;
    }

    private static ByteBuffer slice(ByteBuffer buffer, int length, int at, int type) {
        if (length > buffer.remaining()) {
            throw new DicomException("item 0x" + Integer.toHexString(type) + " at offset " + at + " has length "
                    + length + " beyond the " + buffer.remaining() + " bytes left");
        }
        ByteBuffer value = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        return value;
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        out.write(0);
        out.write(value.length >>> 8);
        out.write(value.length);
        out.writeBytes(value);
    }

    private static byte[] aeTitle(String title) {
        byte[] padded = new byte[16];
        java.util.Arrays.fill(padded, (byte) ' ');
        byte[] bytes = ascii(title);
        System.arraycopy(bytes, 0, padded, 0, Math.min(16, bytes.length));
        return padded;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.US_ASCII);
    }

    private static String text(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        // UIDs may arrive NUL-padded to an even length.
        return new String(bytes, StandardCharsets.US_ASCII).replace("\0", "");
    }
}
