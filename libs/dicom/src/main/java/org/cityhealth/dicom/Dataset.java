package org.cityhealth.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A DICOM data set: elements ordered by tag (unsigned), each tag at most once. Text getters decode with the
 * data set's Specific Character Set (0008,0005), which a sequence item inherits from the data set holding it
 * (PS3.5 §7.5.3) unless it has its own. Values are held in little endian order. Not thread-safe.
 */
public final class Dataset implements Iterable<Element> {
    private final TreeMap<Integer, Element> elements = new TreeMap<>(Integer::compareUnsigned);
    private Dataset parent;

    public Dataset() {
    }

    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    public Optional<Element> get(int tag) {
        return Optional.ofNullable(elements.get(tag));
    }

    @Override
    public Iterator<Element> iterator() {
        return Collections.unmodifiableCollection(elements.values()).iterator();
    }

    public Stream<Element> stream() {
        return elements.values().stream();
    }

    /** Adds or replaces an element; the items of a sequence now inherit this data set's character set. */
    public Dataset set(Element element) {
        if (element.items() != null) {
            for (Dataset item : element.items()) {
                item.parent = this;
            }
        }
        elements.put(element.tag(), element);
        return this;
    }

    public Dataset remove(int tag) {
        elements.remove(tag);
        return this;
    }

    /**
     * Sets a text value; several values are joined with backslash. Encoded with this data set's character set,
     * so set (0008,0005) first when a value is not ASCII; a character it cannot encode is a {@link DicomException}.
     */
    public Dataset setString(int tag, VR vr, String... values) {
        if (!vr.isText()) {
            throw new IllegalArgumentException(vr + " is not a text VR: " + Tag.toString(tag));
        }
        String text = String.join("\\", values);
        byte[] bytes = vr.usesCharacterSet() ? characterSets().encode(text, tag)
                : CharacterSets.DEFAULT.encode(text, tag);
        return set(Element.of(tag, vr, padded(bytes, vr)));
    }

    /** Sets integer values: binary for US, SS, UL, SL, SV, UV; decimal text for IS. */
    public Dataset setInt(int tag, VR vr, int... values) {
        if (vr == VR.IS) {
            String[] texts = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                texts[i] = Integer.toString(values[i]);
            }
            return setString(tag, vr, texts);
        }
        int size = switch (vr) {
            case US, SS -> 2;
            case UL, SL -> 4;
            case SV, UV -> 8;
            default -> throw new IllegalArgumentException(vr + " does not hold integers: " + Tag.toString(tag));
        };
        ByteBuffer buffer = ByteBuffer.allocate(size * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            switch (size) {
                case 2 -> buffer.putShort((short) value);
                case 4 -> buffer.putInt(value);
                default -> buffer.putLong(vr == VR.UV ? Integer.toUnsignedLong(value) : value);
            }
        }
        return set(Element.of(tag, vr, buffer.array()));
    }

    /** Sets decimal values: binary for FL and FD, text for DS (shortest exact form). */
    public Dataset setDouble(int tag, VR vr, double... values) {
        if (vr == VR.DS) {
            String[] texts = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                texts[i] = Values.decimalString(values[i]);
            }
            return setString(tag, vr, texts);
        }
        if (vr != VR.FL && vr != VR.FD) {
            throw new IllegalArgumentException(vr + " does not hold decimals: " + Tag.toString(tag));
        }
        ByteBuffer buffer = ByteBuffer.allocate((vr == VR.FL ? 4 : 8) * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
            if (vr == VR.FL) {
                buffer.putFloat((float) value);
            } else {
                buffer.putDouble(value);
            }
        }
        return set(Element.of(tag, vr, buffer.array()));
    }

    /** Sets a value as bytes (little endian order for binary VRs); an odd length is padded. */
    public Dataset setBytes(int tag, VR vr, byte[] value) {
        return set(Element.of(tag, vr, padded(value, vr)));
    }

    public Dataset setSequence(int tag, List<Dataset> items) {
        return set(Element.sequence(tag, items));
    }

    /** The first value, trimmed; empty when the element is absent or has no value. */
    public Optional<String> getString(int tag) {
        List<String> values = getStrings(tag);
        return values.isEmpty() || values.getFirst().isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public String getString(int tag, String defaultValue) {
        return getString(tag).orElse(defaultValue);
    }

    /**
     * All values as text, each trimmed: text VRs are decoded and split at backslash (LT, ST, UT, UR are one
     * value and keep inner backslashes), binary numbers are formatted in decimal, AT as {@code (gggg,eeee)}.
     * Empty for absent elements, sequences, bulk data and encapsulated pixel data.
     */
    public List<String> getStrings(int tag) {
        Element element = elements.get(tag);
        if (element == null || element.value() == null || element.value().length == 0) {
            return List.of();
        }
        return Values.strings(element, element.vr().usesCharacterSet() ? characterSets() : CharacterSets.DEFAULT);
    }

    public Optional<PersonName> getPersonName(int tag) {
        Element element = elements.get(tag);
        if (element == null || element.value() == null) {
            return Optional.empty();
        }
        return getString(tag).map(PersonName::parse);
    }

    /** The first value as an int: US, SS, UL, SL, SV, UV, or IS/DS text; empty when absent or not a number. */
    public OptionalInt getInt(int tag) {
        int[] values = getInts(tag);
        return values.length == 0 ? OptionalInt.empty() : OptionalInt.of(values[0]);
    }

    public int getInt(int tag, int defaultValue) {
        return getInt(tag).orElse(defaultValue);
    }

    /** All values as ints (see {@link #getInt(int)}); values that are not numbers are skipped. */
    public int[] getInts(int tag) {
        double[] values = getDoubles(tag);
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = (int) values[i];
        }
        return ints;
    }

    public OptionalDouble getDouble(int tag) {
        double[] values = getDoubles(tag);
        return values.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(values[0]);
    }

    /** All numeric values: binary integers and floats, or IS/DS text; unparseable text values are skipped. */
    public double[] getDoubles(int tag) {
        Element element = elements.get(tag);
        if (element == null || element.value() == null) {
            return new double[0];
        }
        return Values.numbers(element, this::getStrings);
    }

    /** The raw value bytes (little endian for binary VRs); empty for absent elements, sequences and fragments. */
    public Optional<byte[]> getBytes(int tag) {
        Element element = elements.get(tag);
        return element == null || element.value() == null ? Optional.empty() : Optional.of(element.value());
    }

    /** The items of a sequence; an empty list when absent or not a sequence. */
    public List<Dataset> getSequence(int tag) {
        Element element = elements.get(tag);
        return element == null || element.items() == null ? List.of() : element.items();
    }

    /** The character sets in force: this data set's (0008,0005), else the enclosing data set's. */
    CharacterSets characterSets() {
        Element own = elements.get(Tag.SpecificCharacterSet);
        if (own != null && own.value() != null) {
            List<String> terms = new ArrayList<>();
            for (String term : new String(own.value(), java.nio.charset.StandardCharsets.ISO_8859_1).split("\\\\", -1)) {
                terms.add(term.strip());
            }
            return CharacterSets.of(terms);
        }
        return parent == null ? CharacterSets.DEFAULT : parent.characterSets();
    }

    private static byte[] padded(byte[] bytes, VR vr) {
        if ((bytes.length & 1) == 0) {
            return bytes;
        }
        byte[] even = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        even[bytes.length] = vr.padding();
        return even;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Dataset that && elements.equals(that.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    @Override
    public String toString() {
        return "Dataset" + elements.values();
    }
}
