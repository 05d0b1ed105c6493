package org.cityhealth.hub.feeds.hl7;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Orders: ORM^O01 and OMG^O19 → ServiceRequest (ORC with its OBR), RDE^O11 → MedicationRequest (ORC, RXE, RXR),
 * RDS^O13 → MedicationDispense (ORC, RXD, RXR), VXU^V04 → Immunization (ORC, RXA, RXR).
 */
final class OrderMapper {

    /** ORC-1 order control codes (table 0119) that end an order. */
    private static final Map<String, String> CONTROL_STATUS = Map.of("CA", "revoked", "OC", "revoked", "CR", "revoked", "DC", "revoked",
            "OD", "revoked", "DR", "revoked", "HD", "on-hold", "OH", "on-hold", "RL", "active", "OR", "revoked");
    /** ORC-5 order status (table 0038) → ServiceRequest.status. */
    private static final Map<String, String> ORDER_STATUS = Map.of("A", "active", "IP", "active", "SC", "active", "CM", "completed",
            "CA", "revoked", "DC", "revoked", "HD", "on-hold", "ER", "entered-in-error", "RP", "revoked");
    private static final int CONTROL = 1;
    private static final int PLACER = 2;
    private static final int FILLER = 3;
    private static final int ORDER_STATUS_FIELD = 5;
    private static final int TRANSACTION_TIME = 9;
    private static final int ORDERED_BY = 12;
    /** Detail fields an order without numbers is named by: OBR-4 and OBR-6, RXE-2, RXD-2 and RXD-3, RXA-5 and RXA-3. */
    private static final int SERVICE = 4;
    private static final int REQUESTED_TIME = 6;
    private static final int RXE_GIVE_CODE = 2;
    private static final int RXD_DISPENSE_CODE = 2;
    private static final int RXD_DISPENSED_AT = 3;
    private static final int RXA_VACCINE = 5;
    private static final int RXA_ADMINISTERED_AT = 3;
    /** The detail segment holds no time: ORC-9 stands in. */
    private static final int NO_FIELD = -1;

    private OrderMapper() {
    }

    /** An ORC and the segment that details it (OBR, RXE, RXD, RXA) with its RXR and TQ1, as they follow each other. */
    private record Order(Hl7Segment orc, Hl7Segment detail, Hl7Segment route, Hl7Segment timing) {
    }

    private static List<Order> orders(Hl7Message message, String detailName) {
        List<Order> orders = new ArrayList<>();
        Hl7Segment orc = null;
        Hl7Segment detail = null;
        Hl7Segment route = null;
        Hl7Segment timing = null;
        for (Hl7Segment segment : message.segments()) {
            if (segment.name().equals("ORC") || segment.name().equals(detailName) && detail != null) {
                if (orc != null || detail != null) {
                    orders.add(new Order(orc, detail, route, timing));
                }
                orc = segment.name().equals("ORC") ? segment : null;
                detail = segment.name().equals(detailName) ? segment : null;
                route = null;
                timing = null;
            } else if (segment.name().equals(detailName)) {
                detail = segment;
            } else if (segment.name().equals("RXR") && route == null) {
                route = segment;
            } else if (segment.name().equals("TQ1") && timing == null) {
                timing = segment;
            }
        }
        if (orc != null || detail != null) {
            orders.add(new Order(orc, detail, route, timing));
        }
        if (orders.isEmpty()) {
            throw Hl7Refusals.error(ca.uhn.hl7v2.ErrorCode.SEGMENT_SEQUENCE_ERROR, "ORC^1",
                    message.type() + "^" + message.trigger() + " carries no ORC or " + detailName + " segment");
        }
        return orders;
    }

    private static void requireTrigger(Hl7Message message, String... triggers) {
        if (!List.of(triggers).contains(message.trigger())) {
            throw Hl7Refusals.unsupportedEvent(message.type(), message.trigger());
        }
    }

    /**
     * What names an order without numbers: its patient, what is ordered or given (a field of the detail segment) and
     * when (a field of the detail segment, else ORC-9), so that the same order sent again under a new control id (a
     * sender resending after a lost ACK, a registry resending a VXU) updates the resource instead of adding one.
     */
    private record NaturalKey(String patient, int codeField, int timeField) {
    }

    /**
     * The order's id: placer number, else filler number (ORC, else its detail segment), else its {@link NaturalKey} when
     * the segments carry it, else the message's control id and position. Two alike orders of one message are told apart
     * by position.
     */
    private static String orderId(Conversion conversion, String type, Order order, int detailPlacer, int detailFiller, NaturalKey key,
                                  int position) {
        for (Hl7Segment segment : new Hl7Segment[] {order.orc(), order.detail()}) {
            if (segment != null) {
                boolean orc = segment == order.orc();
                String placer = segment.get(orc ? PLACER : detailPlacer);
                String filler = segment.get(orc ? FILLER : detailFiller);
                if (placer != null) {
                    return Conversion.id(placer);
                }
                if (filler != null) {
                    return Conversion.id("filler", filler);
                }
            }
        }
        String code = order.detail() == null ? null : order.detail().get(key.codeField());
        String time = order.detail() == null || key.timeField() == NO_FIELD ? null : order.detail().get(key.timeField());
        if (time == null && order.orc() != null) {
            time = order.orc().get(TRANSACTION_TIME);
        }
        if (code == null || time == null) {
            return Conversion.id(conversion.message().controlId(), Integer.toString(position));
        }
        return conversion.byContent(type, key.patient(), code, time, position);
    }

    static void serviceRequests(Conversion conversion) {
        Hl7Message message = conversion.message();
        requireTrigger(message, "ORM".equals(message.type()) ? "O01" : "O19");
        String patient = PatientMapper.patient(conversion, message.require("PID"));
        int position = 0;
        for (Order order : orders(message, "OBR")) {
            ObjectNode request = conversion.put("ServiceRequest", orderId(conversion, "ServiceRequest", order, PLACER, FILLER,
                    new NaturalKey(patient, SERVICE, REQUESTED_TIME), ++position));
            if (order.orc() != null) {
                ResultMapper.identifiers(conversion, request, order.orc(), PLACER, FILLER);
            } else {
                ResultMapper.identifiers(conversion, request, order.detail(), PLACER, FILLER);
            }
            request.put("status", status(order.orc(), ORDER_STATUS, "active"));
            request.put("intent", "order");
            if (order.detail() != null) {
                ObjectNode code = conversion.codeable(order.detail(), 4);
                if (code != null) {
                    request.set("code", code);
                }
            }
            request.putObject("subject").put("reference", "Patient/" + patient);
            String authored = order.orc() == null ? null : conversion.dateTime(order.orc(), TRANSACTION_TIME);
            if (authored == null && order.detail() != null) {
                authored = conversion.dateTime(order.detail(), 6); // OBR-6 requested date/time
            }
            Conversion.putIfPresent(request, "authoredOn", authored);
            requester(conversion, request, order, 16); // OBR-16 ordering provider
        }
    }

    static void medicationRequests(Conversion conversion) {
        Hl7Message message = conversion.message();
        requireTrigger(message, "O11");
        String patient = PatientMapper.patient(conversion, message.require("PID"));
        int position = 0;
        for (Order order : orders(message, "RXE")) {
            ObjectNode request = conversion.put("MedicationRequest", orderId(conversion, "MedicationRequest", order, 15, 15,
                    new NaturalKey(patient, RXE_GIVE_CODE, NO_FIELD), ++position));
            if (order.orc() != null) {
                ResultMapper.identifiers(conversion, request, order.orc(), PLACER, FILLER);
            }
            // MedicationRequest has no "revoked": an order control that ends the order cancels the prescription.
            String status = status(order.orc(), Map.of("CM", "completed", "CA", "cancelled", "DC", "stopped", "HD", "on-hold",
                    "ER", "entered-in-error"), "active");
            request.put("status", "revoked".equals(status) ? "cancelled" : status);
            request.put("intent", "order");
            Hl7Segment rxe = order.detail();
            request.set("medicationCodeableConcept", medication(conversion, rxe, 2));
            request.putObject("subject").put("reference", "Patient/" + patient);
            Conversion.putIfPresent(request, "authoredOn", order.orc() == null ? null : conversion.dateTime(order.orc(), TRANSACTION_TIME));
            requester(conversion, request, order, 0);
            if (rxe != null) {
                ObjectNode dosage = request.putArray("dosageInstruction").addObject();
                String amount = rxe.get(3);
                if (amount != null) {
                    dosage.putArray("doseAndRate").addObject().set("doseQuantity", quantity(conversion, amount, rxe, 3, 5));
                }
                route(conversion, dosage, order.route());
                DosageTiming.add(conversion, dosage, rxe, order.timing());
                if (dosage.isEmpty()) {
                    request.remove("dosageInstruction");
                }
                String dispense = rxe.get(10);
                if (dispense != null) {
                    request.putObject("dispenseRequest").set("quantity", quantity(conversion, dispense, rxe, 10, 11));
                }
            }
        }
    }

    static void medicationDispenses(Conversion conversion) {
        Hl7Message message = conversion.message();
        requireTrigger(message, "O13");
        String patient = PatientMapper.patient(conversion, message.require("PID"));
        int position = 0;
        for (Order order : orders(message, "RXD")) {
            Hl7Segment rxd = order.detail();
            String prescription = rxd == null ? null : rxd.get(7);
            String counter = rxd == null ? null : rxd.get(1);
            String id = prescription != null ? Conversion.id(prescription, counter == null ? "1" : counter)
                    : orderId(conversion, "MedicationDispense", order, 7, 7,
                            new NaturalKey(patient, RXD_DISPENSE_CODE, RXD_DISPENSED_AT), ++position);
            ObjectNode dispense = conversion.put("MedicationDispense", id);
            // A dispense is reported once done; only an order control that ends the order (CA, DC…) undoes it.
            dispense.put("status", "revoked".equals(status(order.orc(), Map.of(), "completed")) ? "cancelled" : "completed");
            dispense.set("medicationCodeableConcept", medication(conversion, rxd, 2));
            dispense.putObject("subject").put("reference", "Patient/" + patient);
            if (rxd != null) {
                String amount = rxd.get(4);
                if (amount != null) {
                    dispense.set("quantity", quantity(conversion, amount, rxd, 4, 5));
                }
                Conversion.putIfPresent(dispense, "whenHandedOver", conversion.dateTime(rxd, 3));
            }
            if (order.route() != null) {
                ObjectNode dosage = dispense.putArray("dosageInstruction").addObject();
                route(conversion, dosage, order.route());
            }
        }
    }

    static void immunizations(Conversion conversion) {
        Hl7Message message = conversion.message();
        requireTrigger(message, "V04");
        String patient = PatientMapper.patient(conversion, message.require("PID"));
        int position = 0;
        for (Order order : orders(message, "RXA")) {
            Hl7Segment rxa = order.detail();
            if (rxa == null) {
                continue; // an ORC without its RXA says nothing about a vaccination
            }
            ObjectNode immunization = conversion.put("Immunization", orderId(conversion, "Immunization", order, 0, 0,
                    new NaturalKey(patient, RXA_VACCINE, RXA_ADMINISTERED_AT), ++position));
            String completion = rxa.get(20);
            String action = rxa.get(21);
            immunization.put("status", "D".equals(action) ? "entered-in-error"
                    : "RE".equals(completion) || "NA".equals(completion) ? "not-done" : "completed");
            ObjectNode vaccine = conversion.codeable(rxa, 5);
            if (vaccine == null) {
                throw Hl7Refusals.missing(rxa.location(5), "RXA-5 (the administered vaccine)");
            }
            immunization.set("vaccineCode", vaccine);
            immunization.putObject("patient").put("reference", "Patient/" + patient);
            String occurrence = conversion.dateTime(rxa, 3);
            if (occurrence == null) {
                throw Hl7Refusals.missing(rxa.location(3), "RXA-3 (when the vaccine was given)");
            }
            immunization.put("occurrenceDateTime", occurrence);
            immunization.put("primarySource", true);
            Conversion.putIfPresent(immunization, "lotNumber", rxa.get(15));
            Conversion.putIfPresent(immunization, "expirationDate", conversion.date(rxa, 16));
            String manufacturer = rxa.get(17, 2) != null ? rxa.get(17, 2) : rxa.get(17);
            if (manufacturer != null) {
                immunization.set("manufacturer", conversion.display(manufacturer));
            }
            String amount = rxa.get(6);
            // 999 is HL7's "amount unknown".
            if (amount != null && !"999".equals(amount)) {
                immunization.set("doseQuantity", quantity(conversion, amount, rxa, 6, 7));
            }
            route(conversion, immunization, order.route());
        }
    }

    private static String status(Hl7Segment orc, Map<String, String> byOrderStatus, String otherwise) {
        if (orc == null) {
            return otherwise;
        }
        String control = orc.get(CONTROL);
        if (control != null && CONTROL_STATUS.containsKey(control.toUpperCase())) {
            return CONTROL_STATUS.get(control.toUpperCase());
        }
        String orderStatus = orc.get(ORDER_STATUS_FIELD);
        return orderStatus == null ? otherwise : byOrderStatus.getOrDefault(orderStatus.toUpperCase(), otherwise);
    }

    /** ORC-12, else the detail segment's ordering provider field, as the requester's display. */
    private static void requester(Conversion conversion, ObjectNode request, Order order, int detailField) {
        String name = order.orc() == null ? null : Conversion.personName(order.orc(), ORDERED_BY);
        if (name == null && detailField > 0 && order.detail() != null) {
            name = Conversion.personName(order.detail(), detailField);
        }
        if (name != null) {
            request.set("requester", conversion.display(name));
        }
    }

    private static ObjectNode medication(Conversion conversion, Hl7Segment segment, int field) {
        ObjectNode code = segment == null ? null : conversion.codeable(segment, field);
        if (code == null) {
            throw Hl7Refusals.missing(segment == null ? "ORC^1" : segment.location(field), "the medication (give or dispense code)");
        }
        return code;
    }

    private static ObjectNode quantity(Conversion conversion, String amount, Hl7Segment segment, int amountField, int unitField) {
        ObjectNode quantity = conversion.mapper().createObjectNode();
        quantity.put("value", Conversion.number(amount, segment.location(amountField)));
        String unit = segment.get(unitField, 1);
        String unitText = segment.get(unitField, 2);
        if (unit != null || unitText != null) {
            quantity.put("unit", unitText != null ? unitText : unit);
        }
        if (unit != null) {
            String system = segment.get(unitField, 3);
            quantity.put("system", system != null && system.toUpperCase().contains("UCUM") ? "http://unitsofmeasure.org" : conversion.system("unit"));
            quantity.put("code", unit);
        }
        return quantity;
    }

    /** RXR-1 and RXR-2 as route and site, of a dosage or an Immunization (the same two elements). */
    private static void route(Conversion conversion, ObjectNode dosage, Hl7Segment rxr) {
        if (rxr == null) {
            return;
        }
        ObjectNode route = conversion.codeable(rxr, 1);
        if (route != null) {
            dosage.set("route", route);
        }
        ObjectNode site = conversion.codeable(rxr, 2);
        if (site != null) {
            dosage.set("site", site);
        }
    }
}
