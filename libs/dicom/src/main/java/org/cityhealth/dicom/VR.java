package org.cityhealth.dicom;

/**
 * Value representations of DICOM PS3.5 §6.2. {@link #longHeader()} says whether explicit VR encodings use the
 * 2 reserved bytes and a 4-byte length (PS3.5 §7.1.2) rather than a 2-byte length.
 */
public enum VR {
    AE(false, Kind.TEXT, ' '), AS(false, Kind.TEXT, ' '), AT(false, Kind.BINARY, 0), CS(false, Kind.TEXT, ' '),
    DA(false, Kind.TEXT, ' '), DS(false, Kind.TEXT, ' '), DT(false, Kind.TEXT, ' '), FD(false, Kind.BINARY, 0),
    FL(false, Kind.BINARY, 0), IS(false, Kind.TEXT, ' '), LO(false, Kind.TEXT, ' '), LT(false, Kind.TEXT, ' '),
    OB(true, Kind.BULK, 0), OD(true, Kind.BULK, 0), OF(true, Kind.BULK, 0), OL(true, Kind.BULK, 0),
    OV(true, Kind.BULK, 0), OW(true, Kind.BULK, 0), PN(false, Kind.TEXT, ' '), SH(false, Kind.TEXT, ' '),
    SL(false, Kind.BINARY, 0), SQ(true, Kind.SEQUENCE, 0), SS(false, Kind.BINARY, 0), ST(false, Kind.TEXT, ' '),
    SV(true, Kind.BINARY, 0), TM(false, Kind.TEXT, ' '), UC(true, Kind.TEXT, ' '), UI(false, Kind.TEXT, 0),
    UL(false, Kind.BINARY, 0), UN(true, Kind.BULK, 0), UR(true, Kind.TEXT, ' '), US(false, Kind.BINARY, 0),
    UT(true, Kind.TEXT, ' '), UV(true, Kind.BINARY, 0);

    /** What a value of this VR holds, which decides how it is decoded, byte-swapped and shown in JSON. */
    public enum Kind { TEXT, BINARY, BULK, SEQUENCE }

    private final boolean longHeader;
    private final Kind kind;
    private final byte padding;

    VR(boolean longHeader, Kind kind, int padding) {
        this.longHeader = longHeader;
        this.kind = kind;
        this.padding = (byte) padding;
    }

    /** True for OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV: explicit VR uses a 32-bit length. */
    public boolean longHeader() {
        return longHeader;
    }

    public Kind kind() {
        return kind;
    }

    /** True for VRs whose value is character data (decoded with the specific character set when needed). */
    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /** The byte appended to make a value's length even: space for text, NUL for UI and binary. */
    public byte padding() {
        return padding;
    }

    /**
     * The size of one binary value unit, which decides byte swapping for big endian: 2 for US, SS, OW, AT (swapped
     * per 16-bit half), 4 for UL, SL, FL, OF, OL, 8 for FD, OD, SV, UV, OV, 1 for everything else.
     */
    public int unitSize() {
        return switch (this) {
            case US, SS, OW, AT -> 2;
            case UL, SL, FL, OF, OL -> 4;
            case FD, OD, SV, UV, OV -> 8;
            default -> 1;
        };
    }

    /** True for VRs whose values use the specific character set (others are ASCII by definition). */
    public boolean usesCharacterSet() {
        return switch (this) {
            case SH, LO, ST, LT, UC, UT, PN -> true;
            default -> false;
        };
    }

    /** The VR for two ASCII bytes as they appear in an explicit VR header, or null when they name none. */
    public static VR of(int first, int second) {
        if (first < 'A' || first > 'Z' || second < 'A' || second > 'Z') {
            return null;
        }
        return BY_CODE[(first - 'A') * 26 + (second - 'A')];
    }

    private static final VR[] BY_CODE = new VR[26 * 26];

    static {
        for (VR vr : values()) {
            BY_CODE[(vr.name().charAt(0) - 'A') * 26 + (vr.name().charAt(1) - 'A')] = vr;
        }
    }
}
