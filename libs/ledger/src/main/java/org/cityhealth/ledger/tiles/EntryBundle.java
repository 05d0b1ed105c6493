package org.cityhealth.ledger.tiles;

import java.util.ArrayList;
import java.util.List;

/** The entry bundle encoding: each entry prefixed by its length as a big-endian uint16. */
final class EntryBundle {

    /** Largest entry a uint16 length prefix can describe. */
    static final int MAX_ENTRY_BYTES = 0xFFFF;

    private EntryBundle() {}

    /**
     * What could be read from a bundle.
     *
     * @param entries the entries decoded before any problem, in order
     * @param consumed bytes those entries occupy, prefixes included
     * @param problem why the bundle is not a valid bundle of the requested count; null if it is
     */
    record Parsed(List<byte[]> entries, int consumed, String problem) {}

    /**
     * Decodes the first {@code count} entries.
     *
     * @param firstIndex log index of the bundle's first entry, for messages
     * @param allowTrailing whether bytes may follow them: true when reading a prefix of a full
     *     bundle in place of a pruned partial one
     */
    static Parsed parse(byte[] data, int count, boolean allowTrailing, long firstIndex) {
        List<byte[]> entries = new ArrayList<>(count);
        int offset = 0;
        while (entries.size() < count) {
            long entry = firstIndex + entries.size();
            if (data.length - offset < 2) {
                String problem = offset == data.length
                        ? "ends after " + entries.size() + " entries, expected " + count
                        : "entry " + entry + " has a truncated length prefix";
                return new Parsed(entries, offset, problem);
            }
            int length = ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
            if (data.length - offset - 2 < length) {
                return new Parsed(entries, offset, "entry " + entry + " is truncated: its prefix says "
                        + length + " bytes, " + (data.length - offset - 2) + " are left");
            }
            byte[] bytes = new byte[length];
            System.arraycopy(data, offset + 2, bytes, 0, length);
            entries.add(bytes);
            offset += 2 + length;
        }
        if (!allowTrailing && offset != data.length) {
            return new Parsed(entries, offset,
                    (data.length - offset) + " unexpected bytes after its " + count + " entries");
        }
        return new Parsed(entries, offset, null);
    }
}
