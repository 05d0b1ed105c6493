package org.cityhealth.hub.feeds.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.parser.PipeParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed message with what every conversion reads: the header's type, trigger and control id, and the
 * segments in message order, each with its repetition number for ERR locations ({@code OBX^3^5}).
 */
record Hl7Message(Message message, MshFields msh, String type, String trigger, String controlId, List<Hl7Segment> segments) {

    /** The versions whose structures the hub parses (HAPI reads them all into its 2.5.1 model). */
    static final Set<String> VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");

    /** Checks the header, then parses with HAPI. Anything wrong is an {@link org.cityhealth.hub.ingest.IngestException}. */
    static Hl7Message parse(PipeParser parser, String text) {
        if (!text.startsWith("MSH")) {
            throw Hl7Refusals.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH^1", "the message does not start with an MSH segment");
        }
        MshFields msh = MshFields.read(text).orElseThrow(() -> Hl7Refusals.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH^1^2",
                "MSH-1 and MSH-2 must be the field separator and four distinct encoding characters, e.g. |^~\\&"));
        String type = msh.component(9, 1);
        String trigger = msh.component(9, 2);
        if (type.isBlank()) {
            throw Hl7Refusals.rejected(ErrorCode.REQUIRED_FIELD_MISSING, "MSH^1^9", "the message type (MSH-9) is missing");
        }
        String controlId = msh.field(10);
        if (controlId.isBlank()) {
            throw Hl7Refusals.rejected(ErrorCode.REQUIRED_FIELD_MISSING, "MSH^1^10", "the message control id (MSH-10) is missing");
        }
        String version = msh.firstComponent(12);
        if (!VERSIONS.contains(version)) {
            throw Hl7Refusals.unsupportedVersion(version);
        }
        Message message;
        try {
            message = parser.parse(text);
        } catch (HL7Exception | RuntimeException e) {
            // HAPI names the error code and often the place; its message says what it could not read.
            ErrorCode code = e instanceof HL7Exception hl7 && hl7.getError() != ErrorCode.APPLICATION_INTERNAL_ERROR
                    ? hl7.getError() : ErrorCode.SEGMENT_SEQUENCE_ERROR;
            throw Hl7Refusals.rejected(code, "MSH^1", "the message cannot be parsed: " + e.getMessage());
        }
        List<Hl7Segment> segments = new ArrayList<>();
        try {
            collect(message, segments, new HashMap<>());
        } catch (HL7Exception e) {
            throw Hl7Refusals.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH^1", "the message cannot be read: " + e.getMessage());
        }
        return new Hl7Message(message, msh, type.strip(), trigger.strip(), controlId.strip(), List.copyOf(segments));
    }

    /** The segments in structure order (the order they were sent in, for a message that follows its structure). */
    private static void collect(Group group, List<Hl7Segment> into, Map<String, Integer> repetitions) throws HL7Exception {
        for (String name : group.getNames()) {
            for (Structure structure : group.getAll(name)) {
                if (structure instanceof Segment segment) {
                    if (!segment.isEmpty()) {
                        into.add(new Hl7Segment(segment, repetitions.merge(segment.getName(), 1, Integer::sum)));
                    }
                } else if (structure instanceof Group child) {
                    collect(child, into, repetitions);
                }
            }
        }
    }

    /** The first segment of that name; refused (AE, 100) when the message has none. */
    Hl7Segment require(String name) {
        return first(name).orElseThrow(() -> Hl7Refusals.error(ErrorCode.SEGMENT_SEQUENCE_ERROR, name + "^1",
                type + "^" + trigger + " needs a " + name + " segment"));
    }

    java.util.Optional<Hl7Segment> first(String name) {
        return segments.stream().filter(segment -> segment.name().equals(name)).findFirst();
    }
}
