package org.cityhealth.synthetic;

/** What residents are allergic to (SNOMED CT substances), with the category FHIR files them under. */
enum Allergen {
    PENICILLIN("764146007", "青霉素类", "medication", 35),
    SULFONAMIDE("387406002", "磺胺类药物", "medication", 10),
    ASPIRIN("387458008", "阿司匹林", "medication", 5),
    SEAFOOD("44027008", "海鲜", "food", 20),
    PEANUT("256349002", "花生", "food", 4),
    EGG("102263004", "鸡蛋", "food", 4),
    COW_MILK("3718001", "牛奶", "food", 3),
    POLLEN("256259004", "花粉", "environment", 9),
    DUST_MITE("260147004", "尘螨", "environment", 10);

    final Codes.Concept concept;
    final String category;
    /** Relative frequency among allergic residents. */
    final int weight;

    Allergen(String snomed, String chinese, String category, int weight) {
        this.concept = new Codes.Concept(Codes.SNOMED, snomed, chinese);
        this.category = category;
        this.weight = weight;
    }

    /** Reactions people report (SNOMED CT findings). */
    enum Reaction {
        SKIN_ERUPTION("271807003", "皮疹"),
        URTICARIA("126485001", "荨麻疹"),
        ITCHING("418290006", "瘙痒"),
        DYSPNEA("267036007", "呼吸困难"),
        ANAPHYLAXIS("39579001", "过敏性休克"),
        NAUSEA("422587007", "恶心");

        final Codes.Concept concept;

        Reaction(String snomed, String chinese) {
            this.concept = new Codes.Concept(Codes.SNOMED, snomed, chinese);
        }
    }
}
