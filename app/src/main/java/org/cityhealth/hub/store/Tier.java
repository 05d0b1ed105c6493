package org.cityhealth.hub.store;

/**
 * Where a resource version's body lives. The search index stays in the SQL store whatever the tier, so a
 * search finds every record; reading a cold one recalls its person first.
 */
public enum Tier {
    /** The body in the resource row: the fast path. */
    HOT('H'),
    /** The body zstd-compressed with a trained dictionary in {@code resource_warm}, off the hot table. */
    WARM('W'),
    /** The body in an encrypted per-person, per-period archive in the object store. */
    COLD('C');

    private final char code;

    Tier(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public String sql() {
        return String.valueOf(code);
    }

    public static Tier of(char code) {
        for (Tier tier : values()) {
            if (tier.code == code) {
                return tier;
            }
        }
        throw new IllegalArgumentException("unknown tier code " + code);
    }

    /** Accepts hot, warm, cold in any case; throws naming the allowed values otherwise. */
    public static Tier parse(String name) {
        for (Tier tier : values()) {
            if (tier.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return tier;
            }
        }
        throw new IllegalArgumentException("tier must be hot, warm or cold, not " + name);
    }
}
