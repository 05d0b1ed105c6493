package org.cityhealth.hub.feeds.vitals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import org.cityhealth.hub.store.DeviceObservationForm;
import org.cityhealth.hub.store.DeviceObservations;
import org.springframework.stereotype.Component;

/**
 * A vital-sign reading as the store keeps it and as it is served. Kept: {@code [loinc, device, time, value, flag]}, or for
 * blood pressure {@code [loinc, device, time, systolic, diastolic, systolic flag, diastolic flag]}; values as their decimal
 * text (so that 36.60 stays 36.60), flags H/L/HH/LL or null. Served: an Observation of category vital-signs with the LOINC
 * code(s), a UCUM quantity (components for blood pressure), the interpretation and the device, in FHIR's element order as
 * HAPI writes it.
 */
@Component
class VitalsForm implements DeviceObservationForm {

    static final String NAME = "vitals";
    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    private static final Map<String, String> INTERPRETATION_DISPLAY = Map.of("L", "Low", "H", "High", "LL", "Critical low", "HH", "Critical high");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void write(JsonGenerator json, JsonNode values, String subjectReference) throws IOException {
        VitalSign sign = VitalSign.byName(values.path(0).asText())
                .orElseThrow(() -> new IOException("a vitals reading names no vital sign: " + values.path(0)));
        String device = values.path(1).asText();
        String time = values.path(2).asText();
        if (sign == VitalSign.BLOOD_PRESSURE) {
            String systolic = flag(values.path(5));
            String diastolic = flag(values.path(6));
            header(json, sign, subjectReference, time);
            interpretation(json, moreSevere(systolic, diastolic));
            device(json, device);
            json.writeArrayFieldStart("component");
            component(json, VitalSign.SYSTOLIC, "Systolic blood pressure", new BigDecimal(values.path(3).asText()), systolic);
            component(json, VitalSign.DIASTOLIC, "Diastolic blood pressure", new BigDecimal(values.path(4).asText()), diastolic);
            json.writeEndArray();
        } else {
            header(json, sign, subjectReference, time);
            quantity(json, new BigDecimal(values.path(3).asText()), sign.unit());
            interpretation(json, flag(values.path(4)));
            device(json, device);
        }
    }

    private static String flag(JsonNode value) {
        return value.isTextual() ? value.asText() : null;
    }

    /** The elements every reading starts with, from {@code status} to {@code effectiveDateTime}. */
    private static void header(JsonGenerator json, VitalSign sign, String subject, String time) throws IOException {
        json.writeStringField("status", "final");
        json.writeArrayFieldStart("category");
        json.writeStartObject();
        json.writeArrayFieldStart("coding");
        coding(json, DeviceObservations.CATEGORY_SYSTEM, "vital-signs", "Vital Signs");
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndArray();
        json.writeObjectFieldStart("code");
        json.writeArrayFieldStart("coding");
        coding(json, LOINC, sign.loinc(), sign.display());
        if (sign == VitalSign.SPO2) {
            coding(json, LOINC, VitalSign.SPO2_ARTERIAL, "Oxygen saturation in Arterial blood");
        }
        json.writeEndArray();
        json.writeStringField("text", sign.wireName());
        json.writeEndObject();
        json.writeObjectFieldStart("subject");
        json.writeStringField("reference", subject);
        json.writeEndObject();
        json.writeStringField("effectiveDateTime", time);
    }

    private static void device(JsonGenerator json, String device) throws IOException {
        json.writeObjectFieldStart("device");
        json.writeStringField("display", device);
        json.writeEndObject();
    }

    private static void component(JsonGenerator json, String loinc, String display, BigDecimal value, String flag) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("code");
        json.writeArrayFieldStart("coding");
        coding(json, LOINC, loinc, display);
        json.writeEndArray();
        json.writeEndObject();
        quantity(json, value, VitalSign.BLOOD_PRESSURE.unit());
        interpretation(json, flag);
        json.writeEndObject();
    }

    private static void coding(JsonGenerator json, String system, String code, String display) throws IOException {
        json.writeStartObject();
        json.writeStringField("system", system);
        json.writeStringField("code", code);
        json.writeStringField("display", display);
        json.writeEndObject();
    }

    private static void quantity(JsonGenerator json, BigDecimal value, String unit) throws IOException {
        json.writeObjectFieldStart("valueQuantity");
        json.writeNumberField("value", value);
        json.writeStringField("unit", unit);
        json.writeStringField("system", UCUM);
        json.writeStringField("code", unit);
        json.writeEndObject();
    }

    private static void interpretation(JsonGenerator json, String flag) throws IOException {
        if (flag != null) {
            json.writeArrayFieldStart("interpretation");
            json.writeStartObject();
            json.writeArrayFieldStart("coding");
            coding(json, INTERPRETATION, flag, INTERPRETATION_DISPLAY.get(flag));
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
        }
    }

    /** A critical flag (two letters) outranks a plain one. */
    private static String moreSevere(String first, String second) {
        if (first == null) {
            return second;
        }
        return second != null && second.length() > first.length() ? second : first;
    }
}
