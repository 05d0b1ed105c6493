package org.cityhealth.identity.linkage;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Blocking key → record positions, for millions of records in little memory: keys are 64-bit hashes (a collision
 * only adds a candidate, which the comparison then rejects), postings are chained through primitive arrays. Written
 * by hand because a boxed {@code HashMap<String, List<Integer>>} needs about ten times the memory at a million records
 * and no primitive multimap is among our dependencies.
 */
final class BlockTable {

    private long[] keys;
    private int[] heads;
    private int[] sizes;
    private int used;
    private int[] postingRecord = new int[1024];
    private int[] postingNext = new int[1024];
    private int postings;

    BlockTable(int expectedKeys) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedKeys * 2 - 1)) << 1;
        keys = new long[capacity];
        heads = new int[capacity];
        sizes = new int[capacity];
        Arrays.fill(heads, -1);
    }

    static long hash(String key) {
        // FNV-1a over UTF-16 units, then a finaliser: stable across runs and JVMs, unlike String.hashCode's 32 bits.
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    void add(long key, int record) {
        if ((used + 1) * 2 > keys.length) {
            grow();
        }
        int slot = slot(key);
        if (keys[slot] == 0) {
            keys[slot] = key;
            used++;
        }
        if (postings == postingRecord.length) {
            postingRecord = Arrays.copyOf(postingRecord, postings * 2);
            postingNext = Arrays.copyOf(postingNext, postings * 2);
        }
        postingRecord[postings] = record;
        postingNext[postings] = heads[slot];
        heads[slot] = postings++;
        sizes[slot]++;
    }

    /** How many records share the key. */
    int size(long key) {
        int slot = slot(key);
        return keys[slot] == 0 ? 0 : sizes[slot];
    }

    /** Each record under the key, newest first. */
    void forEach(long key, IntConsumer action) {
        int slot = slot(key);
        if (keys[slot] == 0) {
            return;
        }
        for (int p = heads[slot]; p >= 0; p = postingNext[p]) {
            action.accept(postingRecord[p]);
        }
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int slot = (int) (key ^ (key >>> 32)) & mask;
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldHeads = heads;
        int[] oldSizes = sizes;
        keys = new long[oldKeys.length * 2];
        heads = new int[keys.length];
        sizes = new int[keys.length];
        Arrays.fill(heads, -1);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                heads[slot] = oldHeads[i];
                sizes[slot] = oldSizes[i];
            }
        }
    }
}
