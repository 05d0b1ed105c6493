package org.cityhealth.synthetic;

/**
 * Diagnoses with their ICD-10 code and the Chinese name clinicians write (国家临床版 wording where it differs little).
 * Chronic ones go on problem lists and bring follow-up; the others are episodes.
 */
enum Disease {
    HYPERTENSION("I10", "原发性高血压", Department.CARDIOLOGY, true),
    DIABETES("E11.9", "2型糖尿病", Department.ENDOCRINOLOGY, true),
    HYPERLIPIDEMIA("E78.5", "高脂血症", Department.CARDIOLOGY, true),
    CORONARY_DISEASE("I25.1", "冠状动脉粥样硬化性心脏病", Department.CARDIOLOGY, true),
    UNSTABLE_ANGINA("I20.0", "不稳定型心绞痛", Department.CARDIOLOGY, false),
    MYOCARDIAL_INFARCTION("I21.9", "急性心肌梗死", Department.CARDIOLOGY, false),
    STROKE("I63.9", "脑梗死", Department.NEUROLOGY, true),
    ATRIAL_FIBRILLATION("I48.9", "心房颤动", Department.CARDIOLOGY, true),
    COPD("J44.9", "慢性阻塞性肺疾病", Department.RESPIRATORY, true),
    ASTHMA("J45.9", "支气管哮喘", Department.RESPIRATORY, true),
    CKD("N18.3", "慢性肾脏病3期", Department.NEPHROLOGY, true),
    DEPRESSION("F32.9", "抑郁发作", Department.PSYCHIATRY, true),
    LUNG_CANCER("C34.9", "支气管和肺恶性肿瘤", Department.ONCOLOGY, true),
    STOMACH_CANCER("C16.9", "胃恶性肿瘤", Department.ONCOLOGY, true),
    LIVER_CANCER("C22.0", "肝细胞癌", Department.ONCOLOGY, true),
    BREAST_CANCER("C50.9", "乳房恶性肿瘤", Department.ONCOLOGY, true),
    COLON_CANCER("C18.9", "结肠恶性肿瘤", Department.ONCOLOGY, true),
    ESOPHAGEAL_CANCER("C15.9", "食管恶性肿瘤", Department.ONCOLOGY, true),
    PROSTATE_CANCER("C61", "前列腺恶性肿瘤", Department.ONCOLOGY, true),
    THYROID_CANCER("C73", "甲状腺恶性肿瘤", Department.ONCOLOGY, true),
    CERVICAL_CANCER("C53.9", "子宫颈恶性肿瘤", Department.ONCOLOGY, true),
    INFLUENZA("J11.1", "流行性感冒", Department.INFECTIOUS, false),
    UPPER_RESPIRATORY_INFECTION("J06.9", "急性上呼吸道感染", Department.RESPIRATORY, false),
    FEVER("R50.9", "发热", Department.INFECTIOUS, false),
    PNEUMONIA("J18.9", "肺炎", Department.RESPIRATORY, false),
    BRONCHITIS("J20.9", "急性支气管炎", Department.RESPIRATORY, false),
    GASTROENTERITIS("A09", "急性胃肠炎", Department.GASTROENTEROLOGY, false),
    URINARY_INFECTION("N39.0", "泌尿道感染", Department.NEPHROLOGY, false),
    LOW_BACK_PAIN("M54.5", "腰痛", Department.ORTHOPEDICS, false),
    GASTRITIS("K29.7", "胃炎", Department.GASTROENTEROLOGY, false),
    DERMATITIS("L30.9", "皮炎", Department.GENERAL_PRACTICE, false),
    CONJUNCTIVITIS("H10.9", "结膜炎", Department.GENERAL_PRACTICE, false),
    OTITIS_MEDIA("H66.9", "中耳炎", Department.PEDIATRICS, false),
    HAND_FOOT_MOUTH("B08.4", "手足口病", Department.PEDIATRICS, false),
    VARICELLA("B01.9", "水痘", Department.PEDIATRICS, false),
    ANKLE_SPRAIN("S93.4", "踝关节扭伤", Department.ORTHOPEDICS, false),
    RADIUS_FRACTURE("S52.5", "桡骨下端骨折", Department.ORTHOPEDICS, false),
    CONCUSSION("S06.0", "脑震荡", Department.NEUROLOGY, false),
    FINGER_WOUND("S61.0", "手指开放性伤口", Department.GENERAL_SURGERY, false),
    HIP_FRACTURE("S72.0", "股骨颈骨折", Department.ORTHOPEDICS, false),
    APPENDICITIS("K35.8", "急性阑尾炎", Department.GENERAL_SURGERY, false),
    CHOLECYSTITIS("K80.1", "胆囊结石伴胆囊炎", Department.GENERAL_SURGERY, false),
    PREGNANCY("Z34.9", "正常妊娠监督", Department.OBSTETRICS, false),
    GESTATIONAL_DIABETES("O24.4", "妊娠期糖尿病", Department.OBSTETRICS, false),
    VAGINAL_DELIVERY("O80", "单胎顺产", Department.OBSTETRICS, false),
    CAESAREAN_DELIVERY("O82", "经剖宫产术单胎分娩", Department.OBSTETRICS, false),
    ALLERGIC_REACTION("T78.4", "变态反应", Department.EMERGENCY, false),
    GENERAL_EXAMINATION("Z00.0", "一般医学检查", Department.HEALTH_CHECK, false),
    CHEMOTHERAPY("Z51.1", "肿瘤化学治疗疗程", Department.ONCOLOGY, false);

    final Codes.Concept concept;
    final Department department;
    final boolean chronic;

    Disease(String code, String chinese, Department department, boolean chronic) {
        this.concept = new Codes.Concept(Codes.ICD10, code, chinese);
        this.department = department;
        this.chronic = chronic;
    }

    boolean cancer() {
        return concept.code().startsWith("C");
    }

    /** Influenza-like illness: what syndromic surveillance counts. */
    boolean influenzaLike() {
        return this == INFLUENZA || this == UPPER_RESPIRATORY_INFECTION || this == FEVER;
    }
}
