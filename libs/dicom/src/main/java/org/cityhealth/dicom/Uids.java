package org.cityhealth.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;

/**
 * SOP class UIDs the hub meets (PS3.6 Annex A), the implementation's own UIDs, and UID generation.
 */
public final class Uids {
    private Uids() {
    }

    public static final String VERIFICATION = "1.2.840.10008.1.1";
    /** Patient Root Query/Retrieve Information Model – FIND. */
    public static final String PATIENT_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.1.1";
    /** Study Root Query/Retrieve Information Model – FIND. */
    public static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    /** Patient Root Query/Retrieve Information Model – MOVE. */
    public static final String PATIENT_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.1.2";
    /** Study Root Query/Retrieve Information Model – MOVE. */
    public static final String STUDY_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
    public static final String COMPUTED_RADIOGRAPHY_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.1";
    public static final String DIGITAL_XRAY_IMAGE_STORAGE_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.1";
    public static final String DIGITAL_XRAY_IMAGE_STORAGE_FOR_PROCESSING = "1.2.840.10008.5.1.4.1.1.1.1.1";
    public static final String DIGITAL_MAMMOGRAPHY_IMAGE_STORAGE_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.2";
    public static final String DIGITAL_MAMMOGRAPHY_IMAGE_STORAGE_FOR_PROCESSING = "1.2.840.10008.5.1.4.1.1.1.2.1";
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    public static final String ENHANCED_CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2.1";
    public static final String ULTRASOUND_MULTIFRAME_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.3.1";
    public static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    public static final String ENHANCED_MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4.1";
    public static final String ULTRASOUND_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.6.1";
    public static final String SECONDARY_CAPTURE_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.7";
    public static final String XRAY_ANGIOGRAPHIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.12.1";
    public static final String XRAY_RADIOFLUOROSCOPIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.12.2";
    public static final String NUCLEAR_MEDICINE_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.20";
    public static final String VL_ENDOSCOPIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.77.1.1";
    public static final String VL_PHOTOGRAPHIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.77.1.4";
    public static final String BASIC_TEXT_SR_STORAGE = "1.2.840.10008.5.1.4.1.1.88.11";
    public static final String ENHANCED_SR_STORAGE = "1.2.840.10008.5.1.4.1.1.88.22";
    public static final String ENCAPSULATED_PDF_STORAGE = "1.2.840.10008.5.1.4.1.1.104.1";
    public static final String POSITRON_EMISSION_TOMOGRAPHY_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.128";

    /**
     * This implementation's class UID (PS3.7 D.3.3.2), written in the meta group and the A-ASSOCIATE user
     * information. A fixed 2.25 UUID-derived UID: the hub has no registered OID root of its own.
     */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.152083561948466733452402178437117690367";
    /** Implementation version name (up to 16 characters), paired with the class UID. */
    public static final String IMPLEMENTATION_VERSION_NAME = "CITYHEALTH_0.1";

    private static final String STORAGE_ROOT = "1.2.840.10008.5.1.4.1.1.";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(VERIFICATION, "Verification"),
            Map.entry(PATIENT_ROOT_FIND, "Patient Root Query/Retrieve Information Model - FIND"),
            Map.entry(STUDY_ROOT_FIND, "Study Root Query/Retrieve Information Model - FIND"),
            Map.entry(PATIENT_ROOT_MOVE, "Patient Root Query/Retrieve Information Model - MOVE"),
            Map.entry(STUDY_ROOT_MOVE, "Study Root Query/Retrieve Information Model - MOVE"),
            Map.entry(COMPUTED_RADIOGRAPHY_IMAGE_STORAGE, "CR Image Storage"),
            Map.entry(DIGITAL_XRAY_IMAGE_STORAGE_FOR_PRESENTATION, "Digital X-Ray Image Storage - For Presentation"),
            Map.entry(DIGITAL_XRAY_IMAGE_STORAGE_FOR_PROCESSING, "Digital X-Ray Image Storage - For Processing"),
            Map.entry(DIGITAL_MAMMOGRAPHY_IMAGE_STORAGE_FOR_PRESENTATION, "Digital Mammography X-Ray Image Storage - For Presentation"),
            Map.entry(DIGITAL_MAMMOGRAPHY_IMAGE_STORAGE_FOR_PROCESSING, "Digital Mammography X-Ray Image Storage - For Processing"),
            Map.entry(CT_IMAGE_STORAGE, "CT Image Storage"),
            Map.entry(ENHANCED_CT_IMAGE_STORAGE, "Enhanced CT Image Storage"),
            Map.entry(ULTRASOUND_MULTIFRAME_IMAGE_STORAGE, "Ultrasound Multi-frame Image Storage"),
            Map.entry(MR_IMAGE_STORAGE, "MR Image Storage"),
            Map.entry(ENHANCED_MR_IMAGE_STORAGE, "Enhanced MR Image Storage"),
            Map.entry(ULTRASOUND_IMAGE_STORAGE, "Ultrasound Image Storage"),
            Map.entry(SECONDARY_CAPTURE_IMAGE_STORAGE, "Secondary Capture Image Storage"),
            Map.entry(XRAY_ANGIOGRAPHIC_IMAGE_STORAGE, "X-Ray Angiographic Image Storage"),
            Map.entry(XRAY_RADIOFLUOROSCOPIC_IMAGE_STORAGE, "X-Ray Radiofluoroscopic Image Storage"),
            Map.entry(NUCLEAR_MEDICINE_IMAGE_STORAGE, "Nuclear Medicine Image Storage"),
            Map.entry(VL_ENDOSCOPIC_IMAGE_STORAGE, "VL Endoscopic Image Storage"),
            Map.entry(VL_PHOTOGRAPHIC_IMAGE_STORAGE, "VL Photographic Image Storage"),
            Map.entry(BASIC_TEXT_SR_STORAGE, "Basic Text SR Storage"),
            Map.entry(ENHANCED_SR_STORAGE, "Enhanced SR Storage"),
            Map.entry(ENCAPSULATED_PDF_STORAGE, "Encapsulated PDF Storage"),
            Map.entry(POSITRON_EMISSION_TOMOGRAPHY_IMAGE_STORAGE, "PET Image Storage"));

    /** The common storage SOP classes, as proposed by default by {@link DicomClient} and listed to SCUs. */
    public static final java.util.List<String> COMMON_STORAGE = java.util.List.of(
            CT_IMAGE_STORAGE, MR_IMAGE_STORAGE, COMPUTED_RADIOGRAPHY_IMAGE_STORAGE,
            DIGITAL_XRAY_IMAGE_STORAGE_FOR_PRESENTATION, DIGITAL_XRAY_IMAGE_STORAGE_FOR_PROCESSING,
            ULTRASOUND_IMAGE_STORAGE, ULTRASOUND_MULTIFRAME_IMAGE_STORAGE, SECONDARY_CAPTURE_IMAGE_STORAGE,
            XRAY_ANGIOGRAPHIC_IMAGE_STORAGE, NUCLEAR_MEDICINE_IMAGE_STORAGE, POSITRON_EMISSION_TOMOGRAPHY_IMAGE_STORAGE,
            DIGITAL_MAMMOGRAPHY_IMAGE_STORAGE_FOR_PRESENTATION, ENHANCED_CT_IMAGE_STORAGE, ENHANCED_MR_IMAGE_STORAGE);

    /**
     * True for storage SOP classes: every class under 1.2.840.10008.5.1.4.1.1 (PS3.4 Annex B.5 lists them all
     * there), so a class added to the standard later is accepted without a code change.
     */
    public static boolean isStorage(String uid) {
        return uid != null && uid.startsWith(STORAGE_ROOT) && uid.length() > STORAGE_ROOT.length();
    }

    /** A readable name for the UIDs known here, else the UID itself. */
    public static String name(String uid) {
        return NAMES.getOrDefault(uid, TransferSyntax.of(uid).map(Enum::name).orElse(uid));
    }

    /** A new globally unique UID {@code 2.25.<UUID as an unsigned decimal>} (PS3.5 §B.2). */
    public static String generate() {
        UUID uuid = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bytes);
    }

    /**
     * A UID derived from a name under the 2.25 root (a name-based UUID, PS3.5 §B.2): the same name always gives
     * the same UID, so a converter can give a derived object a stable identity.
     */
    public static String fromName(String name) {
        UUID uuid = UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bytes);
    }

    /** PS3.5 §9.1: components of digits without leading zeros, separated by dots, at most 64 characters. */
    public static boolean isValid(String uid) {
        return uid != null && uid.length() <= 64 && uid.matches("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    }
}
