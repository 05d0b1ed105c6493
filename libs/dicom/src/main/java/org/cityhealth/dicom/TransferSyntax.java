package org.cityhealth.dicom;

import java.util.Optional;

/**
 * The transfer syntaxes (PS3.5 §10 and Annex A) the hub reads, writes or accepts on the network, with the
 * properties that decide how a data set is encoded. Any other UID is, by PS3.5 §A.4, an encapsulated syntax in
 * explicit VR little endian: {@link #isEncapsulated(String)} answers for those too.
 */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", false, false, false, false),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", true, false, false, false),
    /** Retired in 2006, still sent by old modalities: read and accepted, never written by the hub. */
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", true, true, false, false),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", true, false, true, false),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", true, false, false, true),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", true, false, false, true),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", true, false, false, true),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", true, false, false, true),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", true, false, false, true),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", true, false, false, true),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", true, false, false, true),
    JPEG_2000("1.2.840.10008.1.2.4.91", true, false, false, true),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", true, false, false, true);

    private final String uid;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final boolean deflated;
    private final boolean encapsulated;

    TransferSyntax(String uid, boolean explicitVr, boolean bigEndian, boolean deflated, boolean encapsulated) {
        this.uid = uid;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
        this.encapsulated = encapsulated;
    }

    public String uid() {
        return uid;
    }

    public boolean explicitVr() {
        return explicitVr;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    /** The data set after the meta group is a raw deflate stream (RFC 1951, no zlib header). */
    public boolean deflated() {
        return deflated;
    }

    /** Pixel data is a sequence of fragments (PS3.5 §A.4) rather than native values. */
    public boolean encapsulated() {
        return encapsulated;
    }

    public static Optional<TransferSyntax> of(String uid) {
        for (TransferSyntax syntax : values()) {
            if (syntax.uid.equals(uid)) {
                return Optional.of(syntax);
            }
        }
        return Optional.empty();
    }

    /** True for the known compressed syntaxes and, per PS3.5 §A.4, for every UID not known here. */
    public static boolean isEncapsulated(String uid) {
        return of(uid).map(TransferSyntax::encapsulated).orElse(true);
    }

    /** How the data set of this UID is encoded; unknown UIDs are encapsulated explicit VR little endian. */
    static TransferSyntax encodingOf(String uid) {
        return of(uid).orElse(JPEG_BASELINE);
    }
}
