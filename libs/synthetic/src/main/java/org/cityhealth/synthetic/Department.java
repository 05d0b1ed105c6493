package org.cityhealth.synthetic;

/** Clinical departments (科室); they decide which of a source's practitioners sees a patient. */
enum Department {
    EMERGENCY("急诊科"),
    CARDIOLOGY("心血管内科"),
    ENDOCRINOLOGY("内分泌科"),
    RESPIRATORY("呼吸内科"),
    NEUROLOGY("神经内科"),
    NEPHROLOGY("肾内科"),
    GASTROENTEROLOGY("消化内科"),
    ONCOLOGY("肿瘤科"),
    GENERAL_SURGERY("普外科"),
    ORTHOPEDICS("骨科"),
    OBSTETRICS("妇产科"),
    PEDIATRICS("儿科"),
    INFECTIOUS("感染科"),
    PSYCHIATRY("精神心理科"),
    RADIOLOGY("放射科"),
    GENERAL_PRACTICE("全科医学科"),
    PREVENTIVE_CARE("预防保健科"),
    HEALTH_CHECK("健康管理科");

    final String chinese;

    Department(String chinese) {
        this.chinese = chinese;
    }
}
