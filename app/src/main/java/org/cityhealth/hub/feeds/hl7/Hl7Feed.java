package org.cityhealth.hub.feeds.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.Charset;
import java.util.Optional;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.ingest.FeedResult;
import org.cityhealth.hub.ingest.FhirIngest;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.vault.PayloadTooLargeException;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Receives HL7 v2 messages from MLLP and HTTP and answers each with its ACK. Every message that can be
 * attributed to a source goes to the vault first (through {@link FhirIngest#submitFeed}), refused ones too,
 * with their reason; the same bytes sent again are answered as the first time and store nothing twice.
 *
 * <p>Over MLLP the sending facility (MSH-4) names the source, optionally only from its configured networks;
 * over HTTP the bearer token does and MSH-4 must agree (the converter checks that). A message naming no
 * registered source, or sent from outside its source's networks, is kept in the vault as rejected under the gateway
 * source ({@code cityhealth.feeds.hl7.gateway-source}), counted ({@code cityhealth.feeds.hl7.unattributed}) and
 * answered AR with error 204.
 */
@Service
public class Hl7Feed {

    private static final Logger log = LoggerFactory.getLogger(Hl7Feed.class);

    private final FhirIngest ingest;
    private final SourceRegistry sources;
    private final SourceNetworks networks;
    private final String gatewaySource;
    private final ObjectMapper mapper;
    private final Hl7Acks acks = new Hl7Acks();
    private final Counter unattributed;
    private final MeterRegistry meters;

    Hl7Feed(FhirIngest ingest, SourceRegistry sources, Hl7Settings settings, FhirJson json, MeterRegistry meters) {
        this.ingest = ingest;
        this.sources = sources;
        this.networks = new SourceNetworks(settings.allowedNetworks());
        this.gatewaySource = settings.gatewaySource();
        this.mapper = json.mapper();
        this.meters = meters;
        this.unattributed = meters.counter("cityhealth.feeds.hl7.unattributed");
    }

    /** The ACK of a message: what an HL7 sender reads. */
    public record Answer(byte[] ack, AcknowledgmentCode code, int httpStatus, Charset charset) {
    }

    /** Receives one message over MLLP ({@code authenticatedSource} empty) or from an authenticated HTTP source; returns the ACK's bytes. */
    public byte[] receive(byte[] raw, Optional<Source> authenticatedSource, InetAddress peer) {
        return answer(raw, authenticatedSource, peer, null).ack();
    }

    /** As {@link #receive}, with the charset the transport declared (HTTP's Content-Type), used when MSH-18 is absent. */
    Answer answer(byte[] raw, Optional<Source> authenticatedSource, InetAddress peer, String declaredContentType) {
        Charset charset = Hl7Charsets.lenient(raw, declaredContentType);
        Source source;
        if (authenticatedSource.isPresent()) {
            source = authenticatedSource.get();
        } else {
            String facility = MshFields.sendingFacility(Hl7Text.decode(raw, charset));
            Optional<Source> named = facility.isEmpty() ? Optional.empty() : sources.byCode(facility);
            if (named.isEmpty()) {
                return unattributed(raw, charset, peer, facility.isEmpty()
                        ? Hl7Acks.Outcome.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH^1", "the message does not start with an MSH segment naming its sender")
                        : Hl7Acks.Outcome.rejected(ErrorCode.UNKNOWN_KEY_IDENTIFIER, "MSH^1^4", "unknown sending facility '" + facility + "'"), 400);
            }
            source = named.get();
            if (!networks.allows(source.code(), peer)) {
                return unattributed(raw, charset, peer, Hl7Acks.Outcome.rejected(ErrorCode.UNKNOWN_KEY_IDENTIFIER, "MSH^1^4",
                        "sending facility '" + facility + "' does not send from " + peer.getHostAddress()), 403);
            }
        }
        FeedResult result;
        try {
            result = ingest.submitFeed(source, new ByteArrayInputStream(raw), SubmissionFormat.HL7V2, Hl7Charsets.contentType(charset));
        } catch (PayloadTooLargeException e) {
            return answer(raw, charset, Hl7Acks.Outcome.rejected(ErrorCode.APPLICATION_INTERNAL_ERROR, "MSH^1", e.getMessage()), 413);
        } catch (IOException | RuntimeException e) {
            log.error("HL7 v2 message from {} could not be received", source.code(), e);
            return answer(raw, charset, new Hl7Acks.Outcome(AcknowledgmentCode.AE, ErrorCode.APPLICATION_INTERNAL_ERROR, "MSH^1",
                    "the hub could not receive this message; send it again later"), 500);
        }
        if (result.accepted()) {
            return answer(raw, charset, Hl7Acks.Outcome.ACCEPTED, 200);
        }
        int status = result.result().status();
        JsonNode issue = issue(result.result().body());
        String issueType = issue.path("code").asText("exception");
        String location = issue.path("expression").path(0).asText(null);
        return answer(raw, charset, new Hl7Acks.Outcome(Hl7Refusals.acknowledgment(status), Hl7Refusals.errorCode(issueType, location), location,
                issue.path("diagnostics").asText(result.reason())), status);
    }

    /** A message no registered source may have sent: kept in the vault as rejected under the gateway source, answered AR. */
    private Answer unattributed(byte[] raw, Charset charset, InetAddress peer, Hl7Acks.Outcome outcome, int httpStatus) {
        unattributed.increment();
        log.warn("HL7 v2 message from {} refused: {}", peer.getHostAddress(), outcome.text());
        try {
            ingest.refuseFeed(sources.gateway(gatewaySource, "HL7 v2 gateway (MLLP messages naming no registered source)"),
                    new ByteArrayInputStream(raw), SubmissionFormat.HL7V2, Hl7Charsets.contentType(charset),
                    new IngestException(httpStatus, "security", outcome.location(), outcome.text()));
        } catch (IOException | RuntimeException e) {
            log.error("could not keep a refused HL7 v2 message from {} in the vault", peer.getHostAddress(), e);
        }
        return answer(raw, charset, outcome, httpStatus);
    }

    /** An ACK for bytes too large to take in: refused unread (the MLLP listener stops buffering them). */
    Answer tooLarge(byte[] head, int limit) {
        return answer(head, Hl7Charsets.lenient(head, null), Hl7Acks.Outcome.rejected(ErrorCode.APPLICATION_INTERNAL_ERROR, "MSH^1",
                "the message is larger than " + limit + " bytes"), 413);
    }

    private Answer answer(byte[] raw, Charset charset, Hl7Acks.Outcome outcome, int httpStatus) {
        meters.counter("cityhealth.feeds.hl7.messages", "ack", outcome.code().name()).increment();
        return new Answer(acks.ack(raw, charset, outcome), outcome.code(), httpStatus, charset);
    }

    /** The first issue of the OperationOutcome ingest answered a refusal with (now or, for a resend, the first time). */
    private JsonNode issue(byte[] outcome) {
        try {
            return mapper.readTree(outcome).path("issue").path(0);
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }
}
