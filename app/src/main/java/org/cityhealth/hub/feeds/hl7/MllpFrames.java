package org.cityhealth.hub.feeds.hl7;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;

/** MLLP's framing: a message travels as {@code VT message FS CR} (0x0b … 0x1c 0x0d). */
final class MllpFrames {

    static final int START = 0x0b;
    static final int END = 0x1c;
    static final int CR = 0x0d;

    private MllpFrames() {
    }

    /**
     * A message read off the wire; {@code tooLarge} when it exceeded the limit, then {@code bytes} holds only its
     * first {@code limit} bytes (enough to acknowledge it) and the rest was read and dropped to stay in step.
     */
    record Frame(byte[] bytes, boolean tooLarge) {
    }

    /**
     * The next frame, or null when the peer closed the connection between frames. Bytes outside a frame are
     * skipped; a frame ended by FS without the CR is taken as ended (some senders leave the CR out).
     *
     * @throws EOFException when the connection closes inside a frame
     */
    static Frame read(PushbackInputStream in, int limit) throws IOException {
        int b;
        do {
            b = in.read();
            if (b == -1) {
                return null;
            }
        } while (b != START);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        boolean tooLarge = false;
        while ((b = in.read()) != END) {
            if (b == -1) {
                throw new EOFException("the connection closed inside an MLLP frame");
            }
            if (message.size() < limit) {
                message.write(b);
            } else {
                tooLarge = true;
            }
        }
        int next = in.read();
        if (next != CR && next != -1) {
            in.unread(next);
        }
        return new Frame(message.toByteArray(), tooLarge);
    }

    static void write(OutputStream out, byte[] message) throws IOException {
        out.write(START);
        out.write(message);
        out.write(END);
        out.write(CR);
        out.flush();
    }
}
