package org.cityhealth.identity.linkage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory index of linked records by blocking key: the candidates of a record are the records sharing any of
 * its keys, skipping blocks larger than {@code maxBlock} (a shared front-desk phone says nothing about identity).
 * Not thread-safe for writes; concurrent reads after the last write are safe.
 */
public final class MatchIndex {

    private final BlockTable blocks;
    private final int maxBlock;
    private final List<Profile> profiles = new ArrayList<>();
    private long[] persons = new long[1024];

    public MatchIndex(int expectedRecords, int maxBlock) {
        this.blocks = new BlockTable(expectedRecords * 8);
        this.maxBlock = maxBlock;
    }

    /** Adds a record linked to {@code person}; returns its position. */
    public int add(Profile profile, long person) {
        int position = profiles.size();
        profiles.add(profile);
        if (position == persons.length) {
            persons = Arrays.copyOf(persons, position * 2);
        }
        persons[position] = person;
        for (String key : BlockingKeys.of(profile)) {
            blocks.add(BlockTable.hash(key), position);
        }
        return position;
    }

    public int size() {
        return profiles.size();
    }

    public Profile profile(int position) {
        return profiles.get(position);
    }

    public long person(int position) {
        return persons[position];
    }

    public void setPerson(int position, long person) {
        persons[position] = person;
    }

    /** Positions of the records sharing a key with {@code profile}, each once. */
    public int[] candidatePositions(Profile profile) {
        return candidatePositions(profile, "");
    }

    /** Positions of the records sharing a key of one kind ({@code "id:"}, {@code "ph:"} …; see {@link BlockingKeys}). */
    int[] candidatePositions(Profile profile, String kind) {
        int[] found = new int[16];
        int[] count = {0};
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (String key : BlockingKeys.of(profile)) {
            if (!key.startsWith(kind)) {
                continue;
            }
            long hash = BlockTable.hash(key);
            if (blocks.size(hash) > maxBlock) {
                continue;
            }
            int[][] holder = {found};
            blocks.forEach(hash, position -> {
                if (seen.add(position)) {
                    if (count[0] == holder[0].length) {
                        holder[0] = Arrays.copyOf(holder[0], count[0] * 2);
                    }
                    holder[0][count[0]++] = position;
                }
            });
            found = holder[0];
        }
        return Arrays.copyOf(found, count[0]);
    }

    /** The candidates of {@code profile} with their persons, ready for {@link Matcher#decide}. */
    public List<Matcher.Candidate> candidates(Profile profile) {
        int[] positions = candidatePositions(profile);
        List<Matcher.Candidate> candidates = new ArrayList<>(positions.length);
        for (int position : positions) {
            candidates.add(new Matcher.Candidate(profiles.get(position), persons[position]));
        }
        return candidates;
    }
}
