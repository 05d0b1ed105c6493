package org.cityhealth.hub.feeds.vitals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.ingest.DeviceFeedConverter;
import org.cityhealth.hub.ingest.FeedResult;
import org.cityhealth.hub.ingest.FhirIngest;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stores a batch of MQTT messages: the good messages of each sending source as one {@code VITALS_NDJSON}
 * submission (vault first, one all-or-nothing transaction, the readings as device observations; readings stored
 * before, which QoS 1 redelivers after a crash or a broker restart, are left as they are), every bad message as a
 * submission of its own that the vault keeps as rejected with its reason. Bad messages are found before submitting (the checks the
 * converter makes, plus unknown patients), so that they never take the good ones of the batch down with them.
 */
@Component
class VitalsIngest {

    private static final Logger log = LoggerFactory.getLogger(VitalsIngest.class);

    /** A message as received. */
    record Message(String topic, byte[] payload) {
    }

    /** The hub could not store the batch for its own reasons (its database, its vault): try again later. */
    static final class HubUnavailableException extends Exception {
        HubUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final FhirIngest ingest;
    private final VitalsConverter converter;
    private final SourceRegistry registry;
    private final FhirJson json;
    private final VitalsSettings settings;
    private final Counter readings;
    private final Counter rejected;
    private final Counter batches;

    VitalsIngest(FhirIngest ingest, VitalsConverter converter, SourceRegistry registry, FhirJson json, VitalsSettings settings,
                 MeterRegistry meters) {
        this.ingest = ingest;
        this.converter = converter;
        this.registry = registry;
        this.json = json;
        this.settings = settings;
        this.readings = meters.counter("cityhealth.feeds.vitals.readings");
        this.rejected = meters.counter("cityhealth.feeds.vitals.rejected");
        this.batches = meters.counter("cityhealth.feeds.vitals.batches");
    }

    /** A sending source's good messages, their readings counted and their source patients gathered. */
    private static final class Group {
        final List<Message> messages = new ArrayList<>();
        final List<List<Reading>> readings = new ArrayList<>();
    }

    /** Stores one batch: the good messages of each source as one submission, each bad one alone as rejected. */
    void store(List<Message> batch) throws HubUnavailableException {
        Map<Source, Group> groups = new LinkedHashMap<>();
        Map<Message, Source> bad = new LinkedHashMap<>();
        for (Message message : batch) {
            Source source = null;
            try {
                source = registry.byCode(VitalsMessages.sourceCode(message.topic())).orElse(null);
                if (source == null) {
                    bad.put(message, gateway());
                    continue;
                }
                List<Reading> read = VitalsMessages.readings(json.mapper(), source.code(), message.payload());
                Group group = groups.computeIfAbsent(source, key -> new Group());
                group.messages.add(message);
                group.readings.add(read);
            } catch (IngestException e) {
                bad.put(message, source != null ? source : gateway());
            }
        }
        int stored = 0;
        for (Map.Entry<Source, Group> entry : groups.entrySet()) {
            stored += storeGroup(entry.getKey(), entry.getValue(), bad);
        }
        int refused = 0;
        for (Map.Entry<Message, Source> entry : bad.entrySet()) {
            FeedResult result = submit(entry.getValue(), List.of(entry.getKey()), null);
            if (result.accepted()) {
                // Refused only by the pre-check, e.g. its patient arrived since: the converter had no objection.
                stored += VitalsMessages.readings(json.mapper(), entry.getValue().code(), entry.getKey().payload()).size();
            } else {
                refused++;
                log.info("vitals message on {} refused: {}", entry.getKey().topic(), result.reason());
            }
        }
        readings.increment(stored);
        rejected.increment(refused);
        batches.increment();
    }

    /** Submits the group's messages whose patients the hub knows; the others join {@code bad}. */
    private int storeGroup(Source source, Group group, Map<Message, Source> bad) throws HubUnavailableException {
        Set<String> patientIds = new HashSet<>();
        group.readings.forEach(read -> read.forEach(reading -> {
            if (reading.subject() instanceof Reading.SourcePatient patient) {
                patientIds.add(patient.id());
            }
        }));
        Set<String> unknown = patientIds.isEmpty() ? Set.of() : ingest.unknownPatients(source, patientIds);
        Map<Message, List<Reading>> good = new LinkedHashMap<>();
        for (int i = 0; i < group.messages.size(); i++) {
            List<Reading> read = group.readings.get(i);
            if (read.stream().anyMatch(reading -> reading.subject() instanceof Reading.SourcePatient patient && unknown.contains(patient.id()))) {
                bad.put(group.messages.get(i), source);
            } else {
                good.put(group.messages.get(i), read);
            }
        }
        if (good.isEmpty()) {
            return 0;
        }
        int count = good.values().stream().mapToInt(List::size).sum();
        List<VitalsConverter.Message> read = new ArrayList<>(good.size());
        good.values().forEach(readings -> read.add(new VitalsConverter.Message(read.size() + 1, readings)));
        FeedResult result = submit(source, List.copyOf(good.keySet()), converter.convert(read));
        if (result.accepted()) {
            return count;
        }
        // Checked above, so a refusal here is of the moment (a patient deleted meanwhile) or of a few readings together (more
        // of one patient in one second than the store has room for). The batch stays in the vault as rejected with the
        // reason, and its messages are submitted one by one, so that only those refused on their own are lost to the feed.
        if (good.size() == 1) {
            log.info("vitals message on {} refused: {}", good.keySet().iterator().next().topic(), result.reason());
            rejected.increment();
            return 0;
        }
        log.warn("vitals batch of {} messages from {} refused: {}; submitting them one by one", good.size(), source.code(), result.reason());
        int stored = 0;
        for (Map.Entry<Message, List<Reading>> message : good.entrySet()) {
            FeedResult alone = submit(source, List.of(message.getKey()), converter.convert(List.of(new VitalsConverter.Message(1, message.getValue()))));
            if (alone.accepted()) {
                stored += message.getValue().size();
            } else {
                rejected.increment();
                log.info("vitals message on {} refused: {}", message.getKey().topic(), alone.reason());
            }
        }
        return stored;
    }

    /**
     * Submits the messages as one submission: their NDJSON goes to the vault; {@code conversion}, when given, is what the
     * converter makes of it (the messages' readings, read once here), else the converter reads the NDJSON.
     */
    private FeedResult submit(Source source, List<Message> messages, DeviceFeedConverter.Conversion conversion) throws HubUnavailableException {
        byte[] lines = lines(messages);
        FeedResult result;
        try {
            result = conversion != null
                    ? ingest.submitDeviceFeed(source, lines, SubmissionFormat.VITALS_NDJSON, VitalsConverter.CONTENT_TYPE, conversion)
                    : ingest.submitFeed(source, new ByteArrayInputStream(lines), SubmissionFormat.VITALS_NDJSON, VitalsConverter.CONTENT_TYPE);
        } catch (IOException | RuntimeException e) {
            throw new HubUnavailableException("vitals from " + source.code() + " could not be stored: " + e.getMessage(), e);
        }
        if (result.result().status() >= 500 || result.result().status() == 409) {
            // The hub's own failure, or the same bytes still in process: not an answer about the readings.
            throw new HubUnavailableException("vitals from " + source.code() + " could not be stored: " + result.reason(), null);
        }
        return result;
    }

    /** The NDJSON the vault keeps: one {@code {"topic","payload"}} line per message, the payload as received. */
    private byte[] lines(List<Message> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(messages.size() * 256);
        // Written with the generator, not as a tree per message: this runs for every message the feed receives.
        try (JsonGenerator generator = json.mapper().getFactory().createGenerator(out)) {
            generator.setRootValueSeparator(new SerializedString("\n"));
            for (Message message : messages) {
                generator.writeStartObject();
                generator.writeStringField("topic", message.topic());
                generator.writeStringField("payload", new String(message.payload(), StandardCharsets.UTF_8));
                generator.writeEndObject();
            }
            generator.writeRaw('\n');
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /**
     * Keeps, as rejected, the record of a message the subscriber could not take, being larger than an MQTT packet may be
     * here: its topic, its size and when it came (its payload was skipped unread), under the source its topic names.
     */
    void refuseTooLarge(String topic, int size) throws HubUnavailableException {
        Source source;
        try {
            source = registry.byCode(VitalsMessages.sourceCode(topic)).orElseGet(this::gateway);
        } catch (IngestException e) {
            source = gateway();
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = json.mapper().getFactory().createGenerator(line)) {
            generator.writeStartObject();
            generator.writeStringField("topic", topic);
            generator.writeNullField("payload");
            generator.writeNumberField("size", size);
            generator.writeStringField("received", java.time.Instant.now().toString());
            generator.writeEndObject();
            generator.writeRaw('\n');
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        IngestException reason = new IngestException(413, "too-long", "payload", "a message of " + size + " bytes, more than the "
                + MqttPackets.MAX_PACKET + " an MQTT packet may have here; its payload was not kept");
        try {
            ingest.refuseFeed(source, new ByteArrayInputStream(line.toByteArray()), SubmissionFormat.VITALS_NDJSON, VitalsConverter.CONTENT_TYPE,
                    reason);
        } catch (IOException | RuntimeException e) {
            throw new HubUnavailableException("the record of a too large message on " + topic + " could not be kept: " + e.getMessage(), e);
        }
        rejected.increment();
    }

    /** The source under which messages naming no registered source are kept; registered the first time it is needed. */
    private Source gateway() {
        return registry.gateway(settings.gatewaySource(), "MQTT vital-signs gateway (messages naming no registered source)");
    }
}
