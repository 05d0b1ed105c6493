package org.cityhealth.identity.linkage;

import java.util.List;

/**
 * The fields a Fellegi–Sunter comparison looks at, each with its agreement levels from full agreement (0) to
 * disagreement (last). A comparison where either side lacks the field has no level and adds no weight.
 */
public enum Field {
    RESIDENT_ID("same", "near (one digit or a transposition)", "different"),
    NAME("same", "sounds the same", "typo", "same surname only", "different"),
    BIRTH_DATE("same", "day and month swapped", "one part differs", "different"),
    SEX("same", "different"),
    PHONE("same", "different"),
    DISTRICT("same", "different");

    static final int COUNT = values().length;

    private final List<String> levels;

    Field(String... levels) {
        this.levels = List.of(levels);
    }

    public int levelCount() {
        return levels.size();
    }

    /** A short English label of a level, for evidence tables and logs. */
    public String label(int level) {
        return level < 0 ? "missing" : levels.get(level);
    }

    /** Level of full agreement. */
    public static final int SAME = 0;

    /** The last level: disagreement. */
    public int disagree() {
        return levels.size() - 1;
    }
}
