package org.cityhealth.dicom;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One data element: its tag, its VR, and exactly one of a value (bytes in little endian order, padded to an even
 * length, whatever the transfer syntax it was read from), the items of a sequence (SQ), or the fragments of
 * encapsulated pixel data (PS3.5 §A.4; the first fragment is the basic offset table, possibly empty).
 * Equality compares contents, not array identity.
 */
public record Element(int tag, VR vr, byte[] value, List<Dataset> items, List<byte[]> fragments) {

    public Element {
        Objects.requireNonNull(vr, "vr is null");
        int present = (value != null ? 1 : 0) + (items != null ? 1 : 0) + (fragments != null ? 1 : 0);
        if (present != 1) {
            throw new IllegalArgumentException("an element holds exactly one of value, items, fragments: "
                    + Tag.toString(tag));
        }
        if (items != null && vr != VR.SQ) {
            throw new IllegalArgumentException("items need VR SQ: " + Tag.toString(tag));
        }
        items = items == null ? null : List.copyOf(items);
        fragments = fragments == null ? null : List.copyOf(fragments);
    }

    /** A plain value; the bytes are not copied, the caller hands them over. */
    public static Element of(int tag, VR vr, byte[] value) {
        return new Element(tag, vr, value, null, null);
    }

    public static Element sequence(int tag, List<Dataset> items) {
        return new Element(tag, VR.SQ, null, items, null);
    }

    /** Encapsulated pixel data: the basic offset table (maybe empty) followed by the frames' fragments. */
    public static Element encapsulated(int tag, VR vr, List<byte[]> fragments) {
        return new Element(tag, vr, null, null, fragments);
    }

    public boolean isSequence() {
        return items != null;
    }

    public boolean isEncapsulated() {
        return fragments != null;
    }

    /** Length of the value in bytes; 0 for sequences and encapsulated data (their length is not fixed). */
    public int length() {
        return value == null ? 0 : value.length;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Element that) || tag != that.tag || vr != that.vr) {
            return false;
        }
        if (value != null) {
            return Arrays.equals(value, that.value);
        }
        if (items != null) {
            return items.equals(that.items);
        }
        if (that.fragments == null || fragments.size() != that.fragments.size()) {
            return false;
        }
        for (int i = 0; i < fragments.size(); i++) {
            if (!Arrays.equals(fragments.get(i), that.fragments.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 31 * tag + vr.hashCode();
        if (value != null) {
            return 31 * hash + Arrays.hashCode(value);
        }
        if (items != null) {
            return 31 * hash + items.hashCode();
        }
        for (byte[] fragment : fragments) {
            hash = 31 * hash + Arrays.hashCode(fragment);
        }
        return hash;
    }

    @Override
    public String toString() {
        String content = value != null ? value.length + " bytes"
                : items != null ? items.size() + " items" : fragments.size() + " fragments";
        return Tag.toString(tag) + " " + vr + " " + content;
    }
}
