package org.cityhealth.hub.feeds.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.ingest.IngestException;

/**
 * How an HL7 v2 refusal travels through ingest, which knows FHIR outcomes only, and back to an ERR segment.
 * The {@link IngestException} carries the ERR location as {@code SEG^repetition^field[^component]} and the error
 * code as its FHIR issue type; its status says AR (400: the message as such is refused — header, type, structure)
 * or AE (422: its content is wrong). Ingest keeps the three in the vault's outcome, so a resend of refused bytes
 * is answered with the same ERR segment.
 */
final class Hl7Refusals {

    /** An ERR location as this feed writes it, e.g. {@code PID^1^3} or {@code MSH^1^9^2}. */
    private static final Pattern LOCATION = Pattern.compile("([A-Z][A-Z0-9]{2})\\^(\\d+)(?:\\^(\\d+))?(?:\\^(\\d+))?");
    private static final String MESSAGE_TYPE = "MSH^1^9^1";
    private static final String TRIGGER_EVENT = "MSH^1^9^2";
    private static final String VERSION = "MSH^1^12";

    private Hl7Refusals() {
    }

    /** A refusal of the message as such (AR). */
    static IngestException rejected(ErrorCode code, String location, String message) {
        return new IngestException(400, issueType(code), location, message);
    }

    /** A refusal of the message's content (AE). */
    static IngestException error(ErrorCode code, String location, String message) {
        return new IngestException(422, issueType(code), location, message);
    }

    static IngestException unsupportedType(String type) {
        return rejected(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, MESSAGE_TYPE, "message type " + type + " is not supported");
    }

    static IngestException unsupportedEvent(String type, String trigger) {
        return rejected(ErrorCode.UNSUPPORTED_EVENT_CODE, TRIGGER_EVENT, "trigger event " + type + "^" + trigger + " is not supported");
    }

    static IngestException unsupportedVersion(String version) {
        return rejected(ErrorCode.UNSUPPORTED_VERSION_ID, VERSION, "HL7 version '" + version + "' is not supported (2.3 to 2.5.1 are)");
    }

    static IngestException missing(String location, String what) {
        return error(ErrorCode.REQUIRED_FIELD_MISSING, location, what + " is missing");
    }

    private static String issueType(ErrorCode code) {
        return switch (code) {
            case SEGMENT_SEQUENCE_ERROR -> "structure";
            case REQUIRED_FIELD_MISSING -> "required";
            case DATA_TYPE_ERROR -> "value";
            case TABLE_VALUE_NOT_FOUND -> "code-invalid";
            case UNSUPPORTED_MESSAGE_TYPE, UNSUPPORTED_EVENT_CODE, UNSUPPORTED_PROCESSING_ID, UNSUPPORTED_VERSION_ID -> "not-supported";
            case UNKNOWN_KEY_IDENTIFIER -> "not-found";
            case DUPLICATE_KEY_IDENTIFIER -> "duplicate";
            case APPLICATION_RECORD_LOCKED -> "lock-error";
            case MESSAGE_ACCEPTED, APPLICATION_INTERNAL_ERROR -> "exception";
        };
    }

    /** The error code of a refusal, from its issue type (and, for unsupported ones, the field it names). */
    static ErrorCode errorCode(String issueType, String location) {
        return switch (issueType) {
            case "structure" -> ErrorCode.SEGMENT_SEQUENCE_ERROR;
            case "required" -> ErrorCode.REQUIRED_FIELD_MISSING;
            case "value" -> ErrorCode.DATA_TYPE_ERROR;
            case "code-invalid" -> ErrorCode.TABLE_VALUE_NOT_FOUND;
            case "not-supported" -> TRIGGER_EVENT.equals(location) ? ErrorCode.UNSUPPORTED_EVENT_CODE
                    : VERSION.equals(location) ? ErrorCode.UNSUPPORTED_VERSION_ID : ErrorCode.UNSUPPORTED_MESSAGE_TYPE;
            case "not-found" -> ErrorCode.UNKNOWN_KEY_IDENTIFIER;
            case "duplicate" -> ErrorCode.DUPLICATE_KEY_IDENTIFIER;
            case "lock-error", "conflict" -> ErrorCode.APPLICATION_RECORD_LOCKED;
            default -> ErrorCode.APPLICATION_INTERNAL_ERROR;
        };
    }

    /** AR for a refused message, AE for refused content and for the hub's own failures (the sender may retry those). */
    static AcknowledgmentCode acknowledgment(int status) {
        return status == 400 || status == 413 || status == 415 ? AcknowledgmentCode.AR : AcknowledgmentCode.AE;
    }

    /** The HAPI exception whose ERR segment names the code, the location (when it is one of ours) and the reason. */
    static HL7Exception toHl7(ErrorCode code, String location, String message) {
        HL7Exception exception = new HL7Exception(message, code);
        Matcher matcher = location == null ? null : LOCATION.matcher(location);
        if (matcher != null && matcher.matches()) {
            Location where = new Location().withSegmentName(matcher.group(1)).withSegmentRepetition(Integer.parseInt(matcher.group(2)));
            if (matcher.group(3) != null) {
                where = where.withField(Integer.parseInt(matcher.group(3)));
            }
            if (matcher.group(4) != null) {
                where = where.withComponent(Integer.parseInt(matcher.group(4)));
            }
            exception.setLocation(where);
        } else if (location != null && !location.isEmpty()) {
            // A location of ingest's own (a FHIR path into the converted Bundle) is told in words.
            exception = new HL7Exception(location + ": " + message, code);
        }
        return exception;
    }
}
