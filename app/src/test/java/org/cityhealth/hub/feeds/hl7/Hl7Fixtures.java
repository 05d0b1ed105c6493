package org.cityhealth.hub.feeds.hl7;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The messages under {@code src/test/resources/hl7}: real-shaped HIS and LIS messages with synthetic people. */
final class Hl7Fixtures {

    static final Charset GB18030 = Charset.forName("GB18030");

    private Hl7Fixtures() {
    }

    /** The message as sent by {@code source} (its MSH-4), segments ended by CR. */
    static String text(String name, String source) {
        try (InputStream in = Hl7Fixtures.class.getResourceAsStream("/hl7/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replace("{{SOURCE}}", source).replace("\n", "\r") + "\r";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes as the sender sends them: in the character set its MSH-18 names. */
    static byte[] bytes(String name, String source) {
        String text = text(name, source);
        return text.getBytes(text.contains("|GB 18030-2000") ? GB18030 : StandardCharsets.UTF_8);
    }
}
