package org.cityhealth.synthetic;

/** Vaccines of the Chinese immunisation programme and common voluntary ones, with their CVX codes. */
enum Vaccine {
    HEPATITIS_B("08", "乙型肝炎疫苗"),
    BCG("19", "卡介苗"),
    POLIO_INACTIVATED("10", "脊髓灰质炎灭活疫苗"),
    DTAP("20", "吸附无细胞百白破联合疫苗"),
    MMR("03", "麻腮风联合减毒活疫苗"),
    VARICELLA("21", "水痘减毒活疫苗"),
    HEPATITIS_A("83", "甲型肝炎灭活疫苗"),
    PNEUMOCOCCAL_CONJUGATE("133", "13价肺炎球菌多糖结合疫苗"),
    PNEUMOCOCCAL_POLYSACCHARIDE("33", "23价肺炎球菌多糖疫苗"),
    INFLUENZA_TRIVALENT("141", "流感病毒裂解疫苗（三价）"),
    INFLUENZA_TRIVALENT_PRESERVATIVE_FREE("140", "流感病毒裂解疫苗（三价，无防腐剂）"),
    INFLUENZA_QUADRIVALENT("150", "四价流感病毒裂解疫苗"),
    COVID_SINOVAC("511", "新型冠状病毒灭活疫苗（Vero细胞，科兴）"),
    COVID_SINOPHARM("510", "新型冠状病毒灭活疫苗（Vero细胞，国药）"),
    HPV_9VALENT("165", "九价人乳头瘤病毒疫苗");

    final Codes.Concept concept;

    Vaccine(String cvx, String chinese) {
        this.concept = new Codes.Concept(Codes.CVX, cvx, chinese);
    }
}
