package org.cityhealth.synthetic;

/**
 * Imaging examinations: DICOM modality, body site (SNOMED CT), how many series and images such a study has, and the
 * radiologist's usual normal conclusion.
 */
enum ImagingKind {
    CHEST_XRAY("DX", "51185008", "胸部", "胸部正位片", 1, 1, 2, "两肺纹理清晰，心影大小形态正常，双侧膈面光整。"),
    CHEST_CT("CT", "51185008", "胸部", "胸部CT平扫", 3, 250, 450, "两肺未见明显实质性病变，纵隔未见肿大淋巴结。"),
    HEAD_CT("CT", "69536005", "头部", "头颅CT平扫", 2, 30, 60, "脑实质未见明显异常密度影，脑室系统未见扩大。"),
    BRAIN_MR("MR", "12738006", "脑", "头颅MRI平扫+DWI", 5, 150, 300, "脑实质未见明显异常信号。"),
    ABDOMEN_US("US", "113345001", "腹部", "腹部超声（肝胆胰脾）", 1, 8, 20, "肝胆胰脾未见明显异常。"),
    ABDOMEN_CT("CT", "113345001", "腹部", "全腹部CT增强", 4, 400, 800, "腹部脏器未见明显异常强化灶。"),
    OBSTETRIC_US("US", "35039007", "子宫", "产科超声", 1, 10, 30, "宫内单活胎，胎儿大小与孕周相符。"),
    BREAST_US("US", "76752008", "乳房", "乳腺超声", 1, 10, 24, "双侧乳腺未见明显占位性病变。"),
    THYROID_US("US", "69748006", "甲状腺", "甲状腺超声", 1, 8, 20, "甲状腺大小形态正常，未见明显结节。"),
    WRIST_XRAY("DX", "74670003", "腕关节", "腕关节正侧位片", 1, 2, 2, "腕关节骨质未见明显异常。"),
    HIP_XRAY("DX", "29836001", "髋部", "髋关节正位片", 1, 1, 2, "双髋关节骨质未见明显异常。");

    final Codes.Concept modality;
    final Codes.Concept bodySite;
    final String description;
    final int series;
    final int minInstances;
    final int maxInstances;
    final String normalConclusion;

    ImagingKind(String modality, String bodySite, String bodySiteChinese, String description, int series,
                int minInstances, int maxInstances, String normalConclusion) {
        this.modality = new Codes.Concept(Codes.DICOM, modality, switch (modality) {
            case "DX" -> "Digital Radiography";
            case "CT" -> "Computed Tomography";
            case "MR" -> "Magnetic Resonance";
            case "US" -> "Ultrasound";
            default -> modality;
        });
        this.bodySite = new Codes.Concept(Codes.SNOMED, bodySite, bodySiteChinese);
        this.description = description;
        this.series = series;
        this.minInstances = minInstances;
        this.maxInstances = maxInstances;
        this.normalConclusion = normalConclusion;
    }
}
