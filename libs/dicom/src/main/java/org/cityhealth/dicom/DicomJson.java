package org.cityhealth.dicom;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * The DICOM JSON model of PS3.18 §F.2, as QIDO-RS and WADO-RS metadata return it: an object keyed by 8-digit
 * tags, each with its {@code vr} and {@code Value} array; PN values as {@code Alphabetic}/{@code Ideographic}/
 * {@code Phonetic} objects; IS, DS and binary numbers as JSON numbers; sequences as arrays of objects. Bulk data
 * (OB, OD, OF, OL, OV, OW, UN and encapsulated pixel data) is left out, or given as a {@code BulkDataURI}.
 */
public final class DicomJson {
    private DicomJson() {
    }

    /** The data set as a JSON object, without bulk data values. */
    public static String toJson(Dataset dataset) {
        return toJson(dataset, path -> null);
    }

    /**
     * The data set as a JSON object; for each bulk data element the function receives its path (tags in hex and
     * item indices joined by '/', e.g. {@code 7FE00010} or {@code 00400275/0/00420011}) and returns its
     * BulkDataURI, or null to leave the value out.
     */
    public static String toJson(Dataset dataset, Function<String, String> bulkDataUri) {
        StringBuilder json = new StringBuilder();
        writeDataset(json, dataset, "", bulkDataUri);
        return json.toString();
    }

    /** A JSON array of data sets, the body of a QIDO-RS response. */
    public static String toJsonArray(List<Dataset> datasets) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < datasets.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            writeDataset(json, datasets.get(i), "", path -> null);
        }
        return json.append(']').toString();
    }

    private static void writeDataset(StringBuilder json, Dataset dataset, String prefix,
            Function<String, String> bulkDataUri) {
        json.append('{');
        boolean first = true;
        for (Element element : dataset) {
            if (!first) {
                json.append(',');
            }
            first = false;
            String path = prefix + Tag.toHex(element.tag());
            json.append('"').append(Tag.toHex(element.tag())).append("\":{\"vr\":\"").append(element.vr()).append('"');
            writeValue(json, dataset, element, path, bulkDataUri);
            json.append('}');
        }
        json.append('}');
    }

    private static void writeValue(StringBuilder json, Dataset dataset, Element element, String path,
            Function<String, String> bulkDataUri) {
        VR vr = element.vr();
        if (element.items() != null) {
            if (element.items().isEmpty()) {
                return;
            }
            json.append(",\"Value\":[");
            for (int i = 0; i < element.items().size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                writeDataset(json, element.items().get(i), path + "/" + i + "/", bulkDataUri);
            }
            json.append(']');
            return;
        }
        if (element.fragments() != null || vr.kind() == VR.Kind.BULK) {
            String uri = bulkDataUri.apply(path);
            if (uri != null) {
                json.append(",\"BulkDataURI\":");
                string(json, uri);
            }
            return;
        }
        List<String> values = dataset.getStrings(element.tag());
        if (values.isEmpty() || values.size() == 1 && values.getFirst().isEmpty()) {
            return;
        }
        json.append(",\"Value\":[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            String value = values.get(i);
            if (value.isEmpty()) {
                json.append("null");
            } else if (vr == VR.PN) {
                personName(json, PersonName.parse(value));
            } else if (vr == VR.AT) {
                string(json, value.substring(1, 5) + value.substring(6, 10));
            } else if (vr == VR.IS || vr == VR.DS || vr.kind() == VR.Kind.BINARY) {
                number(json, value);
            } else {
                string(json, value);
            }
        }
        json.append(']');
    }

    private static void personName(StringBuilder json, PersonName name) {
        json.append('{');
        boolean first = true;
        String[][] groups = {{"Alphabetic", name.alphabetic()}, {"Ideographic", name.ideographic()},
            {"Phonetic", name.phonetic()}};
        for (String[] group : groups) {
            if (!group[1].isEmpty()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                json.append('"').append(group[0]).append("\":");
                string(json, group[1]);
            }
        }
        json.append('}');
    }

    /** JSON numbers for finite values; integers beyond 2^53 and non-numbers stay strings (PS3.18 F.2.3.1). */
    private static void number(StringBuilder json, String value) {
        try {
            BigDecimal decimal = new BigDecimal(value.startsWith("+") ? value.substring(1) : value);
            if (decimal.abs().compareTo(BigDecimal.valueOf(1L << 53)) > 0 && decimal.scale() <= 0) {
                string(json, value);
            } else {
                json.append(decimal.toString());
            }
        } catch (NumberFormatException e) {
            if (value.equals("NaN") || value.contains("Infinity")) {
                json.append("null");
            } else {
                string(json, value);
            }
        }
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
