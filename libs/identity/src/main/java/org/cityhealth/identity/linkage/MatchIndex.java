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
        int[][] found = {new int[32]};
        int[] count = {0};
        for (String key : BlockingKeys.of(profile)) {
            if (!key.startsWith(kind)) {
                continue;
            }
            long hash = BlockTable.hash(key);
            if (blocks.size(hash) > maxBlock) {
                continue;
            }
            blocks.forEach(hash, position -> {
                if (count[0] == found[0].length) {
                    found[0] = Arrays.copyOf(found[0], count[0] * 2);
                }
                found[0][count[0]++] = position;
            });
        }
        // Sort and drop repeats: no boxing, and records sharing several keys are compared once.
        int[] all = found[0];
        Arrays.sort(all, 0, count[0]);
        int unique = 0;
        for (int i = 0; i < count[0]; i++) {
            if (unique == 0 || all[unique - 1] != all[i]) {
                all[unique++] = all[i];
            }
        }
        return Arrays.copyOf(all, unique);
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
