package org.cityhealth.hub.feeds.hl7;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * MDM events that carry a document's content → DocumentReference whose attachment is the OBX text, named by its unique
 * document number (TXA-12): T02 an original, T04 a status change and T08 an edit of it (new versions of the same
 * DocumentReference), T06 an addendum (a new one that {@code appends} the parent of TXA-13) and T10 a replacement (a new
 * one that {@code replaces} the parent, which the store then marks {@code superseded}). The notifications without content
 * (T01, T03, T05, T07, T09) and the cancellation (T11) are refused as unsupported events.
 */
final class DocumentMapper {

    /** The triggers that carry the document's content. */
    private static final Set<String> WITH_CONTENT = Set.of("T02", "T04", "T06", "T08", "T10");
    /** How the document of a trigger relates to its parent (TXA-13), for the triggers that name one. */
    private static final Map<String, String> RELATION = Map.of("T06", "appends", "T10", "replaces");

    /** TXA-17 completion statuses (table 0271) of a finished document. */
    private static final Set<String> FINAL = Set.of("AU", "LA");
    private static final int TYPE = 2;
    private static final int ACTIVITY_TIME = 4;
    private static final int PRIMARY_PROVIDER = 5;
    private static final int ORIGINATION_TIME = 6;
    private static final int ORIGINATOR = 9;
    private static final int UNIQUE_NUMBER = 12;
    private static final int PARENT_NUMBER = 13;
    private static final int COMPLETION = 17;
    private static final int OBX_VALUE = 5;

    private DocumentMapper() {
    }

    static void document(Conversion conversion) {
        Hl7Message message = conversion.message();
        if (!WITH_CONTENT.contains(message.trigger())) {
            throw Hl7Refusals.unsupportedEvent(message.type(), message.trigger());
        }
        String relation = RELATION.get(message.trigger());
        String patient = PatientMapper.patient(conversion, message.require("PID"));
        Hl7Segment txa = message.require("TXA");
        String number = txa.get(UNIQUE_NUMBER);
        ObjectNode document = conversion.put("DocumentReference", Conversion.id(number != null ? number : "msg-" + message.controlId()));
        if (number != null) {
            document.putObject("masterIdentifier").put("system", conversion.system("document")).put("value", number);
        }
        document.put("status", "current");
        if (relation != null) {
            String parent = txa.get(PARENT_NUMBER);
            if (parent == null) {
                throw Hl7Refusals.missing("TXA^1^13", "the parent document's number (TXA-13) of an MDM^" + message.trigger());
            }
            ObjectNode related = document.putArray("relatesTo").addObject();
            related.put("code", relation);
            related.putObject("target").put("reference", "DocumentReference/" + Conversion.id(parent));
        }
        String completion = txa.get(COMPLETION);
        document.put("docStatus", completion != null && FINAL.contains(completion.toUpperCase()) ? "final" : "preliminary");
        String type = txa.get(TYPE);
        if (type != null) {
            ObjectNode concept = conversion.concept(conversion.system("document-type"), type, null);
            concept.put("text", type);
            document.set("type", concept);
        }
        document.putObject("subject").put("reference", "Patient/" + patient);
        String date = conversion.instant(txa, ACTIVITY_TIME);
        Conversion.putIfPresent(document, "date", date != null ? date : conversion.instant(txa, ORIGINATION_TIME));
        String author = Conversion.personName(txa, ORIGINATOR);
        if (author == null) {
            author = Conversion.personName(txa, PRIMARY_PROVIDER);
        }
        if (author != null) {
            document.putArray("author").add(conversion.display(author));
        }
        StringBuilder text = new StringBuilder();
        for (Hl7Segment segment : message.segments()) {
            if (segment.name().equals("OBX")) {
                for (int rep = 0; rep < segment.repetitions(OBX_VALUE); rep++) {
                    String line = segment.get(OBX_VALUE, rep, 1, 1);
                    if (line != null) {
                        text.append(text.isEmpty() ? "" : "\n").append(line);
                    }
                }
            }
        }
        if (text.isEmpty()) {
            throw Hl7Refusals.missing("OBX^1^5", "the document's text (OBX-5)");
        }
        ObjectNode attachment = document.putArray("content").addObject().putObject("attachment");
        attachment.put("contentType", "text/plain; charset=utf-8");
        attachment.put("data", Base64.getEncoder().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8)));
        Conversion.putIfPresent(attachment, "creation", conversion.dateTime(txa, ORIGINATION_TIME));
    }
}
