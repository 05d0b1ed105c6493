package org.cityhealth.synthetic;

/** Procedures, coded in ICD-9-CM-3 as Chinese hospitals code them on the front page of the inpatient record. */
enum Surgery {
    LAPAROSCOPIC_APPENDECTOMY("47.01", "腹腔镜下阑尾切除术", 60),
    LAPAROSCOPIC_CHOLECYSTECTOMY("51.23", "腹腔镜下胆囊切除术", 90),
    CORONARY_ANGIOPLASTY("00.66", "经皮冠状动脉腔内血管成形术", 90),
    DRUG_ELUTING_STENT("36.07", "药物洗脱冠状动脉支架置入", 30),
    CAESAREAN_SECTION("74.1", "子宫下段剖宫产术", 60),
    ASSISTED_DELIVERY("73.59", "其他手法助产", 45),
    THORACOSCOPIC_LOBECTOMY("32.41", "胸腔镜下肺叶切除术", 180),
    PARTIAL_GASTRECTOMY("43.7", "部分胃切除术伴空肠吻合术", 210),
    PARTIAL_HEPATECTOMY("50.22", "部分肝切除术", 240),
    MASTECTOMY("85.41", "单侧单纯乳房切除术", 120),
    HEMICOLECTOMY("45.73", "右半结肠切除术", 180),
    ESOPHAGECTOMY("42.41", "部分食管切除术", 300),
    THYROIDECTOMY("06.4", "甲状腺全部切除术", 120),
    PROSTATECTOMY("60.5", "根治性前列腺切除术", 180),
    RADICAL_HYSTERECTOMY("68.69", "根治性腹式子宫切除术", 200),
    CHEMOTHERAPY_INFUSION("99.25", "注射或输注癌瘤化学治疗药物", 240),
    RADIUS_FIXATION("79.32", "桡骨骨折切开复位内固定术", 90),
    HIP_HEMIARTHROPLASTY("81.52", "部分髋关节置换术", 120),
    WOUND_SUTURE("86.59", "皮肤和皮下组织缝合术", 20),
    THROMBOLYSIS("99.10", "注射或输注溶栓药物", 60);

    final Codes.Concept concept;
    final int minutes;

    Surgery(String code, String chinese, int minutes) {
        this.concept = new Codes.Concept(Codes.ICD9CM, code, chinese);
        this.minutes = minutes;
    }
}
