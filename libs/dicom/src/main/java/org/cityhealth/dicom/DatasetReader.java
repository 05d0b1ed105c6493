package org.cityhealth.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses data set bytes held in memory (PS3.5 §7). Every length is checked against the bytes that remain and
 * against the enclosing item or sequence before anything is allocated, and every loop consumes at least one
 * header, so malformed input ends in a {@link DicomException} naming the offset and tag, never in an index
 * error, an oversized allocation or a loop without end. Nesting is bounded by {@link #MAX_DEPTH}.
 */
final class DatasetReader {
    /** Deeper nesting than any real object has; bounds recursion on hostile input. */
    static final int MAX_DEPTH = 64;
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private final byte[] bytes;
    private final int limit;
    /** Added to positions in messages, so they are offsets in the file rather than in this buffer. */
    private final long reportedBase;
    private final String where;
    private boolean explicitVr;
    private final boolean bigEndian;
    private int position;

    DatasetReader(byte[] bytes, int start, int limit, boolean explicitVr, boolean bigEndian, long reportedBase,
            String where) {
        this.bytes = bytes;
        this.position = start;
        this.limit = limit;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.reportedBase = reportedBase - start;
        this.where = where;
    }

    int position() {
        return position;
    }

    /** Reads elements up to the end of the buffer. */
    Dataset readDataset() {
        Dataset dataset = new Dataset();
        readElements(dataset, limit, false, 0);
        return dataset;
    }

    /** Reads the elements of one group only (the file meta information), stopping before the next group. */
    Dataset readGroup(int group) {
        Dataset dataset = new Dataset();
        while (position + 4 <= limit && peekGroup() == group) {
            Element element = readElement(limit, 0);
            dataset.set(element);
        }
        return dataset;
    }

    private int peekGroup() {
        return bigEndian ? ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF)
                : ((bytes[position + 1] & 0xFF) << 8) | (bytes[position] & 0xFF);
    }

    private void readElements(Dataset dataset, int end, boolean untilDelimiter, int depth) {
        while (position < end) {
            int start = position;
            int tag = readTag(end);
            if (tag == Tag.ItemDelimitationItem) {
                long length = readUint32(end);
                if (!untilDelimiter) {
                    throw error(start, tag, "item delimiter outside an item of undefined length");
                }
                if (length != 0) {
                    throw error(start, tag, "item delimiter with length " + length);
                }
                return;
            }
            if (Tag.group(tag) == 0xFFFE) {
                throw error(start, tag, "item or sequence delimiter where a data element was expected");
            }
            position = start;
            dataset.set(readElement(end, depth));
        }
        if (untilDelimiter) {
            throw error(position, 0, "item of undefined length ends without an item delimiter");
        }
    }

    private Element readElement(int end, int depth) {
        int start = position;
        int tag = readTag(end);
        VR vr;
        long length;
        if (explicitVr) {
            need(2, end, start, tag);
            vr = VR.of(bytes[position] & 0xFF, bytes[position + 1] & 0xFF);
            if (vr == null) {
                throw error(start, tag, "unknown VR '" + printable(bytes[position]) + printable(bytes[position + 1])
                        + "'");
            }
            position += 2;
            if (vr.longHeader()) {
                need(2, end, start, tag);
                position += 2;
                length = readUint32(end);
            } else {
                length = readUint16(end);
            }
        } else {
            length = readUint32(end);
            vr = Dictionary.vrOf(tag);
            if (length == UNDEFINED && vr != VR.SQ && tag != Tag.PixelData) {
                vr = VR.SQ;
            }
        }
        if (length == UNDEFINED) {
            if (vr == VR.SQ) {
                return Element.sequence(tag, readItemsUntilDelimiter(end, depth, start, tag));
            }
            if (vr == VR.UN) {
                // PS3.5 §6.2.2: UN of undefined length is a sequence encoded in implicit VR little endian.
                boolean saved = explicitVr;
                explicitVr = false;
                try {
                    return Element.sequence(tag, readItemsUntilDelimiter(end, depth, start, tag));
                } finally {
                    explicitVr = saved;
                }
            }
            if (tag == Tag.PixelData && (vr == VR.OB || vr == VR.OW)) {
                return Element.encapsulated(tag, vr, readFragments(end, start, tag));
            }
            throw error(start, tag, "undefined length for VR " + vr);
        }
        if (length > end - position) {
            throw error(start, tag, "value length " + length + " exceeds the " + (end - position)
                    + " bytes that remain");
        }
        int valueEnd = position + (int) length;
        if (vr == VR.SQ) {
            List<Dataset> items = readItemsDefined(valueEnd, depth, start, tag);
            position = valueEnd;
            return Element.sequence(tag, items);
        }
        byte[] value = Arrays.copyOfRange(bytes, position, valueEnd);
        position = valueEnd;
        if (bigEndian) {
            swap(value, vr.unitSize());
        }
        return Element.of(tag, vr, value);
    }

    private List<Dataset> readItemsUntilDelimiter(int end, int depth, int start, int sequenceTag) {
        checkDepth(depth, start, sequenceTag);
        List<Dataset> items = new ArrayList<>();
        while (true) {
            int itemStart = position;
            int tag = readTag(end);
            long length = readUint32(end);
            if (tag == Tag.SequenceDelimitationItem) {
                return items;
            }
            items.add(readItem(tag, length, end, depth, itemStart, sequenceTag));
        }
    }

    private List<Dataset> readItemsDefined(int end, int depth, int start, int sequenceTag) {
        checkDepth(depth, start, sequenceTag);
        List<Dataset> items = new ArrayList<>();
        while (position < end) {
            int itemStart = position;
            int tag = readTag(end);
            long length = readUint32(end);
            if (tag == Tag.SequenceDelimitationItem) {
                // Tolerated: a delimiter inside a defined-length sequence ends it early.
                position = end;
                break;
            }
            items.add(readItem(tag, length, end, depth, itemStart, sequenceTag));
        }
        return items;
    }

    private Dataset readItem(int tag, long length, int end, int depth, int itemStart, int sequenceTag) {
        if (tag != Tag.Item) {
            throw error(itemStart, tag, "expected an item of sequence " + Tag.toString(sequenceTag));
        }
        Dataset item = new Dataset();
        if (length == UNDEFINED) {
            readElements(item, end, true, depth + 1);
        } else {
            if (length > end - position) {
                throw error(itemStart, tag, "item length " + length + " exceeds the " + (end - position)
                        + " bytes left in sequence " + Tag.toString(sequenceTag));
            }
            int itemEnd = position + (int) length;
            readElements(item, itemEnd, false, depth + 1);
        }
        return item;
    }

    private List<byte[]> readFragments(int end, int start, int pixelTag) {
        List<byte[]> fragments = new ArrayList<>();
        while (true) {
            int itemStart = position;
            int tag = readTag(end);
            long length = readUint32(end);
            if (tag == Tag.SequenceDelimitationItem) {
                if (fragments.isEmpty()) {
                    throw error(start, pixelTag, "encapsulated pixel data without a basic offset table item");
                }
                return fragments;
            }
            if (tag != Tag.Item) {
                throw error(itemStart, tag, "expected a fragment item of encapsulated pixel data");
            }
            if (length > end - position) {
                throw error(itemStart, tag, "fragment length " + length + " exceeds the " + (end - position)
                        + " bytes that remain");
            }
            fragments.add(Arrays.copyOfRange(bytes, position, position + (int) length));
            position += (int) length;
        }
    }

    private void checkDepth(int depth, int start, int tag) {
        if (depth >= MAX_DEPTH) {
            throw error(start, tag, "sequences nested deeper than " + MAX_DEPTH);
        }
    }

    private int readTag(int end) {
        need(4, end, position, 0);
        int group = readUint16Unchecked();
        int element = readUint16Unchecked();
        return (group << 16) | element;
    }

    private long readUint32(int end) {
        need(4, end, position, 0);
        long value;
        if (bigEndian) {
            value = ((bytes[position] & 0xFFL) << 24) | ((bytes[position + 1] & 0xFFL) << 16)
                    | ((bytes[position + 2] & 0xFFL) << 8) | (bytes[position + 3] & 0xFFL);
        } else {
            value = ((bytes[position + 3] & 0xFFL) << 24) | ((bytes[position + 2] & 0xFFL) << 16)
                    | ((bytes[position + 1] & 0xFFL) << 8) | (bytes[position] & 0xFFL);
        }
        position += 4;
        return value;
    }

    private int readUint16(int end) {
        need(2, end, position, 0);
        return readUint16Unchecked();
    }

    private int readUint16Unchecked() {
        int value = bigEndian ? ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF)
                : ((bytes[position + 1] & 0xFF) << 8) | (bytes[position] & 0xFF);
        position += 2;
        return value;
    }

    private void need(int count, int end, int start, int tag) {
        if (end - position < count) {
            throw error(start, tag, "truncated: " + count + " bytes needed, " + Math.max(0, end - position)
                    + " left");
        }
    }

    private DicomException error(int offset, int tag, String problem) {
        String element = tag == 0 ? "" : " " + Tag.toString(tag);
        return new DicomException(where + " at offset " + (reportedBase + offset) + element + ": " + problem);
    }

    private static char printable(byte b) {
        return b >= 0x20 && b < 0x7F ? (char) b : '?';
    }

    /** Reverses the byte order of each unit of the given size (big endian to little endian and back). */
    static void swap(byte[] value, int unit) {
        if (unit == 1) {
            return;
        }
        for (int i = 0; i + unit <= value.length; i += unit) {
            for (int a = i, b = i + unit - 1; a < b; a++, b--) {
                byte t = value[a];
                value[a] = value[b];
                value[b] = t;
            }
        }
    }
}
