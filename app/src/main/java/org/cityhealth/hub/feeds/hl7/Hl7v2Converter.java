package org.cityhealth.hub.feeds.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.NanoTimeGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.Charset;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.ingest.FeedConverter;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * HL7 v2 (2.3 to 2.5.1) from hospital and laboratory systems → a FHIR transaction Bundle: ADT → Patient and
 * Encounter (A40 merges), ORU → DiagnosticReport and Observations, ORM/OMG → ServiceRequest, MDM → DocumentReference,
 * RDE → MedicationRequest, RDS → MedicationDispense, VXU → Immunization.
 *
 * <p>HAPI parses every version into its 2.5.1 model (so one mapping reads them all) without validation: real
 * senders leave out fields the standard requires and the hub refuses only what it cannot convert. Refusals carry
 * the HL7 error code and ERR location ({@link Hl7Refusals}).
 */
@Component
public class Hl7v2Converter implements FeedConverter {

    private final PipeParser parser;
    private final ObjectMapper mapper;

    @Autowired
    Hl7v2Converter(FhirJson json) {
        this(json.mapper());
    }

    /** A converter outside Spring (tests, tools). */
    public Hl7v2Converter(ObjectMapper mapper) {
        this.mapper = mapper;
        this.parser = lenientParser();
    }

    /** HAPI's pipe parser reading all supported versions into the 2.5.1 model, without conformance validation. */
    static PipeParser lenientParser() {
        HapiContext context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        // HAPI's default control-id generator keeps a counter file in the working directory; ACK ids need no such state.
        context.getParserConfiguration().setIdGenerator(new NanoTimeGenerator());
        return context.getPipeParser();
    }

    @Override
    public SubmissionFormat format() {
        return SubmissionFormat.HL7V2;
    }

    @Override
    public JsonNode toBundle(Source source, byte[] raw, String contentType) {
        Charset charset = Hl7Charsets.of(raw, contentType);
        Hl7Message message = Hl7Message.parse(parser, Hl7Text.decode(raw, charset));
        String facility = message.msh().firstComponent(4);
        if (!source.code().equals(facility)) {
            throw Hl7Refusals.rejected(ErrorCode.UNKNOWN_KEY_IDENTIFIER, "MSH^1^4",
                    "the sending facility (MSH-4) '" + facility + "' is not this source (" + source.code() + ")");
        }
        Conversion conversion = new Conversion(source.code(), message, mapper);
        switch (message.type()) {
            case "ADT" -> VisitMapper.adt(conversion);
            case "ORU" -> ResultMapper.oru(conversion);
            case "ORM", "OMG" -> OrderMapper.serviceRequests(conversion);
            case "MDM" -> DocumentMapper.document(conversion);
            case "RDE" -> OrderMapper.medicationRequests(conversion);
            case "RDS" -> OrderMapper.medicationDispenses(conversion);
            case "VXU" -> OrderMapper.immunizations(conversion);
            default -> throw Hl7Refusals.unsupportedType(message.type());
        }
        return conversion.bundle();
    }
}
