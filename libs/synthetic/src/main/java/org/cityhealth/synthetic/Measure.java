package org.cityhealth.synthetic;

/**
 * Observations the city's labs and nurses record: LOINC code, Chinese name, UCUM unit as Chinese labs report it
 * (mmol/L, μmol/L, g/L, 10^9/L) and the adult reference interval printed on Chinese lab reports (WS/T 404, 405).
 * Sex-specific intervals have separate male and female bounds; NaN means no bound.
 */
enum Measure {
    GLUCOSE("14749-6", "空腹血糖", "mmol/L", "mmol/L", true, 1, 3.9, 6.1, 3.9, 6.1),
    HBA1C("4548-4", "糖化血红蛋白", "%", "%", true, 1, 4.0, 6.0, 4.0, 6.0),
    CHOLESTEROL("14647-2", "总胆固醇", "mmol/L", "mmol/L", true, 2, 2.8, 5.2, 2.8, 5.2),
    LDL("22748-8", "低密度脂蛋白胆固醇", "mmol/L", "mmol/L", true, 2, Double.NaN, 3.4, Double.NaN, 3.4),
    CREATININE("14682-9", "肌酐", "umol/L", "μmol/L", true, 0, 57, 97, 41, 73),
    WBC("6690-2", "白细胞计数", "10*9/L", "10^9/L", true, 2, 3.5, 9.5, 3.5, 9.5),
    HEMOGLOBIN("718-7", "血红蛋白", "g/L", "g/L", true, 0, 130, 175, 115, 150),
    ALT("1742-6", "丙氨酸氨基转移酶", "U/L", "U/L", true, 0, 9, 50, 7, 40),
    INR("6301-6", "国际标准化比值", "{INR}", "INR", true, 2, 0.8, 1.2, 0.8, 1.2),
    AFP("1834-1", "甲胎蛋白", "ng/mL", "ng/mL", true, 1, Double.NaN, 7, Double.NaN, 7),
    CEA("2039-6", "癌胚抗原", "ng/mL", "ng/mL", true, 1, Double.NaN, 5, Double.NaN, 5),
    BLOOD_PRESSURE("85354-9", "血压", "mm[Hg]", "mmHg", false, 0, 90, 139, 90, 139),
    SYSTOLIC("8480-6", "收缩压", "mm[Hg]", "mmHg", false, 0, 90, 139, 90, 139),
    DIASTOLIC("8462-4", "舒张压", "mm[Hg]", "mmHg", false, 0, 60, 89, 60, 89),
    HEART_RATE("8867-4", "心率", "/min", "次/分", false, 0, 60, 100, 60, 100),
    BODY_WEIGHT("29463-7", "体重", "kg", "kg", false, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
    BODY_HEIGHT("8302-2", "身高", "cm", "cm", false, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
    BMI("39156-5", "体重指数", "kg/m2", "kg/m²", false, 1, 18.5, 23.9, 18.5, 23.9),
    BODY_TEMPERATURE("8310-5", "体温", "Cel", "℃", false, 1, 36.0, 37.2, 36.0, 37.2),
    OXYGEN_SATURATION("59408-5", "血氧饱和度", "%", "%", false, 0, 95, 100, 95, 100),
    ABO_GROUP("883-9", "ABO血型", null, null, true, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
    RH_TYPE("10331-7", "Rh血型", null, null, true, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
    FLU_A_ANTIGEN("80382-5", "甲型流感病毒抗原", null, null, true, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    final Codes.Concept concept;
    final String ucum;
    final String unit;
    final boolean laboratory;
    final int decimals;
    private final double maleLow;
    private final double maleHigh;
    private final double femaleLow;
    private final double femaleHigh;

    Measure(String loinc, String chinese, String ucum, String unit, boolean laboratory, int decimals,
            double maleLow, double maleHigh, double femaleLow, double femaleHigh) {
        this.concept = new Codes.Concept(Codes.LOINC, loinc, chinese);
        this.ucum = ucum;
        this.unit = unit;
        this.laboratory = laboratory;
        this.decimals = decimals;
        this.maleLow = maleLow;
        this.maleHigh = maleHigh;
        this.femaleLow = femaleLow;
        this.femaleHigh = femaleHigh;
    }

    double low(boolean male) {
        return male ? maleLow : femaleLow;
    }

    double high(boolean male) {
        return male ? maleHigh : femaleHigh;
    }

    boolean coded() {
        return ucum == null;
    }

    /** H, L or N against the reference interval, or null when the measure has none. */
    String interpretation(double value, boolean male) {
        double low = low(male);
        double high = high(male);
        if (Double.isNaN(low) && Double.isNaN(high)) {
            return null;
        }
        if (!Double.isNaN(high) && value > high) {
            return "H";
        }
        if (!Double.isNaN(low) && value < low) {
            return "L";
        }
        return "N";
    }

    double round(double value) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
