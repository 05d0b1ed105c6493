package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.store.FhirDates;

/**
 * A {@link FeedConverter} for devices (bedside monitors, wearables): their readings are stored as device observations,
 * one narrow row each (see {@code store.DeviceObservations}), because they arrive far faster than resource versions with
 * their search index can be written. The Patients the readings need still take the ordinary path, as a transaction
 * Bundle, so that the person index links them. Conversion is a pure function of the bytes, as for every feed.
 */
public interface DeviceFeedConverter extends FeedConverter {

    /**
     * The Patients as a transaction Bundle (null when the readings need none) and the readings. Bad input throws
     * {@link IngestException} naming what is wrong.
     */
    Conversion convert(Source source, byte[] raw, String contentType);

    /** What goes through the resource path: the Patients (crash recovery and re-derivation find them here). */
    @Override
    default JsonNode toBundle(Source source, byte[] raw, String contentType) {
        Conversion conversion = convert(source, raw, contentType);
        return conversion.patients() != null ? conversion.patients() : emptyTransaction();
    }

    private static JsonNode emptyTransaction() {
        ObjectNode bundle = JsonNodeFactory.instance.objectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        bundle.putArray("entry");
        return bundle;
    }

    /** The result of a conversion. */
    record Conversion(JsonNode patients, List<DeviceReading> readings) {
    }

    /**
     * One reading: what the hub indexes of it, and its values in its form.
     *
     * @param sourceId   the reading's id, derived from the bytes, so that a reading sent again is found again
     * @param location   where in the message it is, for errors
     * @param effective  the time range its {@code effectiveDateTime} covers (the converter parsed it already)
     * @param subject    whom it is about as sent: a Patient of the sending source ({@code Patient/<its id>}) or the
     *                   {@code fullUrl} of an entry of {@link Conversion#patients()}
     * @param category   the code of its {@code observation-category} coding
     * @param codeSystem the system of its code
     * @param code       its code
     * @param code2      another code of the same system it carries (SpO2 has two in LOINC), or null
     * @param form       the name of the {@link org.cityhealth.hub.store.DeviceObservationForm} that renders it
     * @param values     what the form renders it from: a JSON array, kept with the reading (a compact writer, not a tree:
     *                   a feed's readings are written by the ten thousand)
     */
    record DeviceReading(String sourceId, String location, FhirDates.Range effective, String subject, String category,
                         String codeSystem, String code, String code2, String form, byte[] values) {

        public DeviceReading {
            if (isBlank(subject) || isBlank(category) || isBlank(codeSystem) || isBlank(code) || isBlank(form)) {
                throw IngestException.invalid(location, "a device reading needs a category, a code with its system, a subject and a form");
            }
        }

        private static boolean isBlank(String value) {
            return value == null || value.isBlank();
        }
    }
}
