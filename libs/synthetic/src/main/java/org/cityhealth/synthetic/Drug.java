package org.cityhealth.synthetic;

/**
 * Medicines prescribed in the city: ATC code, the Chinese generic name as printed on a prescription, and the usual
 * adult regimen (dose, times per day, route, days supplied). Chronic medicines are refilled at follow-ups.
 */
enum Drug {
    METFORMIN("A10BA02", "盐酸二甲双胍片", 0.5, "g", 3, "口服", "PO", false, 30, "每次0.5g，每日3次，餐中口服"),
    INSULIN_GLARGINE("A10AE04", "甘精胰岛素注射液", 12, "[iU]", 1, "皮下注射", "SQ", false, 30, "每次12单位，每晚睡前皮下注射"),
    AMLODIPINE("C08CA01", "苯磺酸氨氯地平片", 5, "mg", 1, "口服", "PO", false, 30, "每次5mg，每日1次，口服"),
    LOSARTAN("C09CA01", "氯沙坦钾片", 50, "mg", 1, "口服", "PO", false, 30, "每次50mg，每日1次，口服"),
    ATORVASTATIN("C10AA05", "阿托伐他汀钙片", 20, "mg", 1, "口服", "PO", false, 30, "每次20mg，每晚1次，口服"),
    ASPIRIN("B01AC06", "阿司匹林肠溶片", 100, "mg", 1, "口服", "PO", false, 30, "每次100mg，每日1次，口服"),
    CLOPIDOGREL("B01AC04", "硫酸氢氯吡格雷片", 75, "mg", 1, "口服", "PO", false, 30, "每次75mg，每日1次，口服"),
    WARFARIN("B01AA03", "华法林钠片", 2.5, "mg", 1, "口服", "PO", false, 30, "每次2.5mg，每日1次，口服，按INR调整剂量"),
    TIOTROPIUM("R03BB04", "噻托溴铵粉吸入剂", 18, "ug", 1, "吸入", "RESPINHL", false, 30, "每次18μg，每日1次，吸入"),
    SALBUTAMOL("R03AC02", "硫酸沙丁胺醇吸入气雾剂", 100, "ug", 0, "吸入", "RESPINHL", true, 30, "每次100–200μg，喘息时吸入"),
    BUDESONIDE_FORMOTEROL("R03AK07", "布地奈德福莫特罗吸入粉雾剂", 1, "{puff}", 2, "吸入", "RESPINHL", false, 30,
            "每次1吸，每日2次，吸入"),
    SERTRALINE("N06AB06", "盐酸舍曲林片", 50, "mg", 1, "口服", "PO", false, 30, "每次50mg，每日1次，口服"),
    TAMOXIFEN("L02BA01", "枸橼酸他莫昔芬片", 10, "mg", 2, "口服", "PO", false, 30, "每次10mg，每日2次，口服"),
    LEVOTHYROXINE("H03AA01", "左甲状腺素钠片", 75, "ug", 1, "口服", "PO", false, 30, "每次75μg，每日1次，晨起空腹口服"),
    OSELTAMIVIR("J05AH02", "磷酸奥司他韦胶囊", 75, "mg", 2, "口服", "PO", false, 5, "每次75mg，每日2次，口服，连用5天"),
    AMOXICILLIN("J01CA04", "阿莫西林胶囊", 0.5, "g", 3, "口服", "PO", false, 7, "每次0.5g，每日3次，口服，连用7天"),
    AZITHROMYCIN("J01FA10", "阿奇霉素片", 0.5, "g", 1, "口服", "PO", false, 3, "每次0.5g，每日1次，口服，连用3天"),
    LEVOFLOXACIN("J01MA12", "左氧氟沙星片", 0.5, "g", 1, "口服", "PO", false, 7, "每次0.5g，每日1次，口服，连用7天"),
    CEFUROXIME("J01DC02", "注射用头孢呋辛钠", 1.5, "g", 3, "静脉滴注", "IVINFUS", false, 7, "每次1.5g，每8小时1次，静脉滴注"),
    IBUPROFEN("M01AE01", "布洛芬缓释胶囊", 0.3, "g", 2, "口服", "PO", true, 3, "每次0.3g，每日2次，发热或疼痛时口服"),
    PARACETAMOL("N02BE01", "对乙酰氨基酚混悬滴剂", 15, "mg/kg", 0, "口服", "PO", true, 3, "每次10–15mg/kg，发热时口服，间隔4–6小时"),
    OMEPRAZOLE("A02BC01", "奥美拉唑肠溶胶囊", 20, "mg", 1, "口服", "PO", false, 14, "每次20mg，每日1次，早餐前口服"),
    DIOSMECTITE("A07BC05", "蒙脱石散", 3, "g", 3, "口服", "PO", false, 3, "每次3g，每日3次，口服"),
    HYDROCORTISONE_CREAM("D07AA02", "氢化可的松乳膏", 1, "{application}", 2, "外用", "TOPICAL", false, 7, "适量外涂患处，每日2次"),
    LEVOFLOXACIN_EYE_DROPS("S01AE05", "左氧氟沙星滴眼液", 1, "{drop}", 3, "滴眼", "OPTHALTA", false, 7, "每次1滴，每日3次，滴眼"),
    FOLIC_ACID("B03BB01", "叶酸片", 0.4, "mg", 1, "口服", "PO", false, 90, "每次0.4mg，每日1次，口服"),
    OXALIPLATIN("L01XA03", "注射用奥沙利铂", 130, "mg/m2", 0, "静脉滴注", "IVINFUS", false, 1, "130mg/m²，静脉滴注，每3周1次"),
    PACLITAXEL("L01CD01", "紫杉醇注射液", 175, "mg/m2", 0, "静脉滴注", "IVINFUS", false, 1, "175mg/m²，静脉滴注，每3周1次"),
    CISPLATIN("L01XA01", "顺铂注射液", 75, "mg/m2", 0, "静脉滴注", "IVINFUS", false, 1, "75mg/m²，静脉滴注，每3周1次"),
    ENOXAPARIN("B01AB05", "依诺肝素钠注射液", 4000, "[iU]", 1, "皮下注射", "SQ", false, 7, "每次4000IU，每日1次，皮下注射"),
    EPINEPHRINE("C01CA24", "盐酸肾上腺素注射液", 0.5, "mg", 0, "肌内注射", "IM", false, 1, "0.3–0.5mg，立即肌内注射"),
    LORATADINE("R06AX13", "氯雷他定片", 10, "mg", 1, "口服", "PO", false, 5, "每次10mg，每日1次，口服，连用5天"),
    ALTEPLASE("B01AD02", "注射用阿替普酶", 0.9, "mg/kg", 0, "静脉注射", "IVINJ", false, 1, "0.9mg/kg，10%静脉推注，其余1小时内静脉滴注");

    final Codes.Concept concept;
    final double dose;
    final String doseUnit;
    /** Times per day; 0 for single doses and "as needed" regimens. */
    final int timesPerDay;
    final String route;
    final String routeCode;
    final boolean asNeeded;
    final int supplyDays;
    final String instructions;

    Drug(String atc, String chinese, double dose, String doseUnit, int timesPerDay, String route, String routeCode,
         boolean asNeeded, int supplyDays, String instructions) {
        this.concept = new Codes.Concept(Codes.ATC, atc, chinese);
        this.dose = dose;
        this.doseUnit = doseUnit;
        this.timesPerDay = timesPerDay;
        this.route = route;
        this.routeCode = routeCode;
        this.asNeeded = asNeeded;
        this.supplyDays = supplyDays;
        this.instructions = instructions;
    }
}
