package org.cityhealth.hub.feeds.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Optional;

/**
 * Builds the acknowledgement of a message with HAPI: MSA with AA, AE or AR and, for an error, an ERR segment
 * with the HL7 error code (table 0357), its location and the reason. A message HAPI cannot parse as a whole is
 * acknowledged from its MSH alone; one without a usable MSH gets a minimal 2.5.1 ACK (MSH, MSA, ERR).
 */
final class Hl7Acks {

    /** Inbound versions whose ERR has no ERR-2 (error location) and ERR-3 (code) yet. */
    private static final java.util.Set<String> BEFORE_ERL = java.util.Set.of("2.1", "2.2", "2.3", "2.3.1", "2.4");

    private final PipeParser parser = Hl7v2Converter.lenientParser();

    /** What to acknowledge: the code and, for AE and AR, the error. */
    record Outcome(AcknowledgmentCode code, ErrorCode error, String location, String text) {

        static final Outcome ACCEPTED = new Outcome(AcknowledgmentCode.AA, null, null, null);

        static Outcome rejected(ErrorCode error, String location, String text) {
            return new Outcome(AcknowledgmentCode.AR, error, location, text);
        }
    }

    /** The ACK of {@code raw} (decoded in {@code charset}), encoded in the same character set. */
    byte[] ack(byte[] raw, Charset charset, Outcome outcome) {
        String text = Hl7Text.decode(raw, charset);
        HL7Exception error = outcome.error() == null ? null : Hl7Refusals.toHl7(outcome.error(), outcome.location(), outcome.text());
        Message ack;
        try {
            Optional<Message> inbound = inbound(text);
            ack = inbound.isPresent() ? inbound.get().generateACK(outcome.code(), error) : minimal(text, outcome.code(), error);
            if (error != null && BEFORE_ERL.contains(new Terser(ack).get("/MSH-12"))) {
                olderErr(ack, error);
            }
            String declared = Hl7Charsets.declared(raw);
            if (!declared.isEmpty()) {
                new Terser(ack).set("/MSH-18", declared);
            }
            return ack.encode().getBytes(charset);
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("HAPI could not build an ACK", e);
        }
    }

    /**
     * Versions before 2.5 put the error in ERR-1 (segment^sequence^field^code), which HAPI's 2.5.1 ACK leaves
     * empty: their receivers read it there.
     */
    private static void olderErr(Message ack, HL7Exception error) throws HL7Exception {
        Terser terser = new Terser(ack);
        Location location = error.getLocation();
        if (location != null && location.getSegmentName() != null) {
            terser.set("/ERR-1-1", location.getSegmentName());
            terser.set("/ERR-1-2", Integer.toString(Math.max(1, location.getSegmentRepetition())));
            if (location.getField() > 0) {
                terser.set("/ERR-1-3", Integer.toString(location.getField()));
            }
        }
        terser.set("/ERR-1-4-1", Integer.toString(error.getError().getCode()));
        terser.set("/ERR-1-4-2", error.getError().getMessage());
        terser.set("/ERR-1-4-3", "HL70357");
    }

    /**
     * The inbound message as far as an ACK needs it: its MSH alone (the converter has parsed the whole message
     * already), else the whole text, which HAPI reads more leniently than a lone header with odd delimiters.
     */
    private Optional<Message> inbound(String text) {
        int end = text.indexOf('\r');
        for (String candidate : end < 0 ? List.of(text) : List.of(text.substring(0, end + 1), text)) {
            try {
                return Optional.of(parser.parse(candidate));
            } catch (HL7Exception | RuntimeException unreadable) {
                // try the next, if any
            }
        }
        return Optional.empty();
    }

    /** An ACK for bytes with no MSH HAPI can read: MSA-2 echoes MSH-10 if the delimiters at least are usable. */
    private Message minimal(String text, AcknowledgmentCode code, HL7Exception error) throws HL7Exception, IOException {
        ACK ack = new ACK(parser.getFactory());
        ack.setParser(parser);
        ack.initQuickstart("ACK", null, "P");
        ack.getMSH().getSendingApplication().getNamespaceID().setValue("CITYHEALTH");
        ack.getMSA().getAcknowledgmentCode().setValue(code.name());
        String controlId = MshFields.read(text).map(msh -> msh.field(10)).orElse("");
        if (!controlId.isBlank()) {
            ack.getMSA().getMessageControlID().setValue(controlId);
        }
        if (error != null) {
            error.populateResponse(ack, code, 0);
        }
        return ack;
    }
}
