package org.cityhealth.synthetic;

/**
 * The second key of every identity-noise draw from {@link Seeds.Stream#NOISE}. Each decision has its own key, so the
 * decisions are independent: raising one rate adds cases of that kind and leaves every other decision as it was.
 * Per-resident keys are small; per-record keys carry the source index in their low 32 bits and a tag above it, so the
 * two families never meet. Twin pairs use the first key {@code ~k}, which no resident index takes.
 */
final class NoiseKeys {

    // Per resident (or per twin pair).
    static final long TWIN_PAIR = 1;
    static final long TWIN_SEX = 2;
    static final long TWIN_NAME = 3;
    static final long NAME_CHANGE = 4;
    static final long FORMER_NAME = 5;
    static final long SHARED_PHONE = 6;
    /** Candidates for the family member whose phone is shared: this key and the next seven. */
    static final long FAMILY_MEMBER = 16;

    // Per record: tag << 32 | source index.
    static final long KEEPS_FORMER_NAME = 0x10;
    static final long NAME_TYPO = 0x11;
    static final long NAME_TYPO_DETAIL = 0x12;
    static final long ID_MISSING = 0x13;
    static final long ID_TYPO = 0x14;
    static final long ID_TYPO_DETAIL = 0x15;
    static final long SWAPPED_BIRTH_DATE = 0x16;

    private NoiseKeys() {
    }

    static long perRecord(long tag, int source) {
        return tag << 32 | source;
    }
}
