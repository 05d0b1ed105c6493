package org.cityhealth.hub.access;

/**
 * Sensitive categories excluded from any consent that does not name them, as HL7 v3 ActCode
 * information-sensitivity codes (the codes of FHIR security labels).
 */
public enum Sensitivity {
    PSY("精神卫生", "mental health"),
    HIV("艾滋病", "HIV/AIDS"),
    STD("性传播疾病", "sexually transmitted disease"),
    SEX("生殖健康", "reproductive health"),
    GDIS("遗传信息", "genetic information");

    public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private final String zh;
    private final String en;

    Sensitivity(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String label(java.util.Locale locale) {
        return "zh".equals(locale.getLanguage()) ? zh : en;
    }
}
