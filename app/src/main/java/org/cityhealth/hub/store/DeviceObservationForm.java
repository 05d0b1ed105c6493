package org.cityhealth.hub.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * How one kind of device reading is kept and served: a device observation's row holds only the values that differ from
 * one reading to the next (a JSON array the feed's converter writes), and the form turns them back into the
 * Observation's elements when the reading is read. A feed registers its form as a bean; the store finds it by the name the
 * row carries. A form may only grow: rows written by an older build are rendered by the newer one.
 */
public interface DeviceObservationForm {

    /** The name rows of this form carry, short and stable (it is stored with every reading). */
    String name();

    /**
     * Writes the Observation's elements after {@code resourceType}, {@code id} and {@code meta} (which are the hub's):
     * {@code status}, {@code category}, {@code code}, {@code subject} as {@code subjectReference}, and the rest.
     *
     * @param values the array the converter wrote for this reading
     */
    void write(JsonGenerator json, JsonNode values, String subjectReference) throws IOException;
}
