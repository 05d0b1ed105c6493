package org.cityhealth.hub.feeds.hl7;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * MDM events that carry a document's content → DocumentReference whose attachments are the OBX text and any encapsulated
 * data (OBX-2 ED: a PDF kept as sent, with its text beside it for search), named by its unique
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
    private static final int OBX_TYPE = 2;
    private static final int OBX_IDENTIFIER = 3;
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
        ArrayNode content = document.putArray("content");
        for (Hl7Segment segment : message.segments()) {
            if (segment.name().equals("OBX") && EncapsulatedData.in(segment, OBX_TYPE)) {
                // A PDF (or image) of the document: kept as sent, and its text searchable beside it.
                EncapsulatedData data = EncapsulatedData.of(segment, OBX_VALUE);
                data.attachment(content.addObject().putObject("attachment"), segment.get(OBX_IDENTIFIER, 0, 2, 1));
                data.text().filter(extracted -> !extracted.isBlank())
                        .ifPresent(extracted -> textAttachment(content, extracted, conversion.dateTime(txa, ORIGINATION_TIME)));
            } else if (segment.name().equals("OBX")) {
                for (int rep = 0; rep < segment.repetitions(OBX_VALUE); rep++) {
                    String line = segment.get(OBX_VALUE, rep, 1, 1);
                    if (line != null) {
                        text.append(text.isEmpty() ? "" : "\n").append(line);
                    }
                }
            }
        }
        if (!text.isEmpty()) {
            textAttachment(content, text.toString(), conversion.dateTime(txa, ORIGINATION_TIME));
        }
        if (content.isEmpty()) {
            throw Hl7Refusals.missing("OBX^1^5", "the document's content (OBX-5)");
        }
    }

    private static void textAttachment(ArrayNode content, String text, String created) {
        ObjectNode attachment = content.addObject().putObject("attachment");
        attachment.put("contentType", "text/plain; charset=utf-8");
        attachment.put("data", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        Conversion.putIfPresent(attachment, "creation", created);
    }
}
