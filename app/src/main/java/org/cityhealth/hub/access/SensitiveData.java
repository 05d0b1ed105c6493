package org.cityhealth.hub.access;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.cityhealth.hub.store.StoredResource;

/**
 * Which sensitive categories a resource touches: by its security labels, and by the ICD-10 and LOINC codes anywhere
 * in it (a diagnosis, an order's reason, a test). Read with a streaming parser: it runs on every resource a doctor
 * is shown, so it must cost microseconds, not a parsed tree.
 */
public final class SensitiveData {

    private static final JsonFactory JSON = new JsonFactory();

    /** LOINC tests whose mere presence discloses the category (HIV and STD screening, genetic tests). */
    private static final java.util.Map<String, Sensitivity> LOINC = java.util.Map.ofEntries(
            java.util.Map.entry("75622-1", Sensitivity.HIV), java.util.Map.entry("7917-8", Sensitivity.HIV),
            java.util.Map.entry("5221-7", Sensitivity.HIV), java.util.Map.entry("56888-1", Sensitivity.HIV),
            java.util.Map.entry("20447-9", Sensitivity.HIV), java.util.Map.entry("25836-8", Sensitivity.HIV),
            java.util.Map.entry("20507-0", Sensitivity.STD), java.util.Map.entry("5292-8", Sensitivity.STD),
            java.util.Map.entry("43304-5", Sensitivity.STD), java.util.Map.entry("21613-5", Sensitivity.STD),
            java.util.Map.entry("51969-4", Sensitivity.GDIS), java.util.Map.entry("81247-9", Sensitivity.GDIS));

    private SensitiveData() {
    }

    public static Set<Sensitivity> of(StoredResource resource) {
        return of(resource.body());
    }

    public static Set<Sensitivity> of(byte[] json) {
        EnumSet<Sensitivity> found = EnumSet.noneOf(Sensitivity.class);
        // A coding's "system" and "code" come in either order: remember both per object.
        try (JsonParser parser = JSON.createParser(json)) {
            java.util.ArrayDeque<String[]> codings = new java.util.ArrayDeque<>();
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT) {
                    codings.push(new String[2]);
                } else if (token == JsonToken.END_OBJECT) {
                    String[] coding = codings.pop();
                    if (coding[0] != null && coding[1] != null) {
                        classify(coding[0], coding[1], found);
                    }
                } else if (token == JsonToken.VALUE_STRING && !codings.isEmpty()) {
                    String name = parser.currentName();
                    if ("system".equals(name)) {
                        codings.peek()[0] = parser.getText();
                    } else if ("code".equals(name)) {
                        codings.peek()[1] = parser.getText();
                    }
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // A body the hub cannot read is treated as sensitive in every category: never disclosed by a consent that
            // did not name them all.
            return EnumSet.allOf(Sensitivity.class);
        }
        return found;
    }

    private static void classify(String system, String code, Set<Sensitivity> found) {
        if (system.startsWith("http://hl7.org/fhir/sid/icd-10")) {
            icd10(code.toUpperCase(Locale.ROOT), found);
        } else if (system.equals("http://loinc.org")) {
            Sensitivity category = LOINC.get(code);
            if (category != null) {
                found.add(category);
            }
        } else if (system.equals(Sensitivity.SYSTEM) || system.equals("http://terminology.hl7.org/CodeSystem/v3-Confidentiality")) {
            for (Sensitivity category : Sensitivity.values()) {
                if (category.name().equals(code) || ("ETH".equals(code) && category == Sensitivity.PSY)) {
                    found.add(category);
                }
            }
        }
    }

    /** ICD-10 chapters and blocks of the sensitive categories (WHO ICD-10, the GB/T 14396 national edition agrees). */
    private static void icd10(String code, Set<Sensitivity> found) {
        if (code.length() < 3) {
            return;
        }
        char chapter = code.charAt(0);
        int block = digits(code);
        if (chapter == 'F') {
            found.add(Sensitivity.PSY);
        } else if ((chapter == 'B' && block >= 20 && block <= 24) || code.startsWith("Z21") || code.startsWith("R75")) {
            found.add(Sensitivity.HIV);
        } else if (chapter == 'A' && block >= 50 && block <= 64) {
            found.add(Sensitivity.STD);
        } else if (chapter == 'O' || (chapter == 'Z' && block >= 30 && block <= 39) || (chapter == 'N' && block >= 96 && block <= 98)) {
            found.add(Sensitivity.SEX);
        } else if (chapter == 'Q' && block >= 90 && block <= 99) {
            found.add(Sensitivity.GDIS);
        }
    }

    private static int digits(String code) {
        try {
            return Integer.parseInt(code.substring(1, 3));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
