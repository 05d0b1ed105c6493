package org.cityhealth.dicom;

import java.util.OptionalInt;

/**
 * Attribute tags (group in the high 16 bits, element in the low 16) of the attributes the hub reads or writes,
 * from DICOM PS3.6, and {@link #toString(int)} for messages. Tags compare as unsigned ints ({@link #compare}).
 */
public final class Tag {
    private Tag() {
    }

    // File meta information (PS3.10 §7.1), always explicit VR little endian.
    public static final int FileMetaInformationGroupLength = 0x00020000;
    public static final int FileMetaInformationVersion = 0x00020001;
    public static final int MediaStorageSOPClassUID = 0x00020002;
    public static final int MediaStorageSOPInstanceUID = 0x00020003;
    public static final int TransferSyntaxUID = 0x00020010;
    public static final int ImplementationClassUID = 0x00020012;
    public static final int ImplementationVersionName = 0x00020013;
    public static final int SourceApplicationEntityTitle = 0x00020016;

    // Identification and patient.
    public static final int SpecificCharacterSet = 0x00080005;
    public static final int ImageType = 0x00080008;
    public static final int InstanceCreationDate = 0x00080012;
    public static final int InstanceCreationTime = 0x00080013;
    public static final int SOPClassUID = 0x00080016;
    public static final int SOPInstanceUID = 0x00080018;
    public static final int StudyDate = 0x00080020;
    public static final int SeriesDate = 0x00080021;
    public static final int AcquisitionDate = 0x00080022;
    public static final int ContentDate = 0x00080023;
    public static final int StudyTime = 0x00080030;
    public static final int SeriesTime = 0x00080031;
    public static final int AcquisitionTime = 0x00080032;
    public static final int ContentTime = 0x00080033;
    public static final int AccessionNumber = 0x00080050;
    public static final int QueryRetrieveLevel = 0x00080052;
    public static final int RetrieveURL = 0x00081190;
    public static final int Modality = 0x00080060;
    public static final int ModalitiesInStudy = 0x00080061;
    public static final int ConversionType = 0x00080064;
    public static final int Manufacturer = 0x00080070;
    public static final int InstitutionName = 0x00080080;
    public static final int ReferringPhysicianName = 0x00080090;
    public static final int StationName = 0x00081010;
    public static final int StudyDescription = 0x00081030;
    public static final int ProcedureCodeSequence = 0x00081032;
    public static final int SeriesDescription = 0x0008103E;
    public static final int InstitutionalDepartmentName = 0x00081040;
    public static final int PerformingPhysicianName = 0x00081050;
    public static final int ReferencedStudySequence = 0x00081110;
    public static final int ReferencedSeriesSequence = 0x00081115;
    public static final int ReferencedSOPSequence = 0x00081199;
    public static final int CodeValue = 0x00080100;
    public static final int CodingSchemeDesignator = 0x00080102;
    public static final int CodeMeaning = 0x00080104;
    public static final int ReferencedSOPClassUID = 0x00081150;
    public static final int ReferencedSOPInstanceUID = 0x00081155;
    public static final int PatientName = 0x00100010;
    public static final int PatientID = 0x00100020;
    public static final int IssuerOfPatientID = 0x00100021;
    public static final int PatientBirthDate = 0x00100030;
    public static final int PatientSex = 0x00100040;
    public static final int OtherPatientIDs = 0x00101000;
    public static final int OtherPatientIDsSequence = 0x00101002;
    public static final int PatientAge = 0x00101010;
    public static final int PatientSize = 0x00101020;
    public static final int PatientWeight = 0x00101030;

    // Acquisition.
    public static final int BodyPartExamined = 0x00180015;
    public static final int SliceThickness = 0x00180050;
    public static final int KVP = 0x00180060;

    // Study, series, instance, image plane.
    public static final int StudyInstanceUID = 0x0020000D;
    public static final int SeriesInstanceUID = 0x0020000E;
    public static final int StudyID = 0x00200010;
    public static final int SeriesNumber = 0x00200011;
    public static final int AcquisitionNumber = 0x00200012;
    public static final int InstanceNumber = 0x00200013;
    public static final int PatientOrientation = 0x00200020;
    public static final int ImagePositionPatient = 0x00200032;
    public static final int ImageOrientationPatient = 0x00200037;
    public static final int FrameOfReferenceUID = 0x00200052;
    public static final int SliceLocation = 0x00201041;
    public static final int NumberOfStudyRelatedSeries = 0x00201206;
    public static final int NumberOfStudyRelatedInstances = 0x00201208;
    public static final int NumberOfSeriesRelatedInstances = 0x00201209;

    // Image pixel module (PS3.3 C.7.6.3) and VOI/modality LUT.
    public static final int SamplesPerPixel = 0x00280002;
    public static final int PhotometricInterpretation = 0x00280004;
    public static final int PlanarConfiguration = 0x00280006;
    public static final int NumberOfFrames = 0x00280008;
    public static final int Rows = 0x00280010;
    public static final int Columns = 0x00280011;
    public static final int PixelSpacing = 0x00280030;
    public static final int BitsAllocated = 0x00280100;
    public static final int BitsStored = 0x00280101;
    public static final int HighBit = 0x00280102;
    public static final int PixelRepresentation = 0x00280103;
    public static final int WindowCenter = 0x00281050;
    public static final int WindowWidth = 0x00281051;
    public static final int RescaleIntercept = 0x00281052;
    public static final int RescaleSlope = 0x00281053;
    public static final int RescaleType = 0x00281054;
    public static final int RedPaletteColorLookupTableDescriptor = 0x00281101;
    public static final int GreenPaletteColorLookupTableDescriptor = 0x00281102;
    public static final int BluePaletteColorLookupTableDescriptor = 0x00281103;
    public static final int RedPaletteColorLookupTableData = 0x00281201;
    public static final int GreenPaletteColorLookupTableData = 0x00281202;
    public static final int BluePaletteColorLookupTableData = 0x00281203;
    public static final int LossyImageCompression = 0x00282110;
    public static final int RequestedProcedureDescription = 0x00321060;
    public static final int PixelData = 0x7FE00010;

    // Sequence delimitation (PS3.5 §7.5): these have no VR.
    public static final int Item = 0xFFFEE000;
    public static final int ItemDelimitationItem = 0xFFFEE00D;
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;

    /** {@code (gggg,eeee)} in upper-case hex, the form dcmdump and the standard print. */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }

    /** The 8 hex digits of the tag, the key form of the DICOM JSON model (PS3.18 F.2.1.1). */
    public static String toHex(int tag) {
        return String.format("%08X", tag);
    }

    /**
     * The tag a DICOM keyword names ({@code StudyDescription} → 0x00081030), for the attributes of this library's
     * dictionary; empty for others.
     */
    public static OptionalInt forKeyword(String keyword) {
        Integer tag = Dictionary.tagOf(keyword);
        return tag == null ? OptionalInt.empty() : OptionalInt.of(tag);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** Private data elements live in odd groups (PS3.5 §7.8). */
    public static boolean isPrivate(int tag) {
        return (group(tag) & 1) == 1;
    }

    /** Tags sort as unsigned numbers, so (7FE0,0010) comes before (FFFE,E000). */
    public static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }

    /** The attribute's keyword from the built-in dictionary, or null for attributes it does not know. */
    public static String keyword(int tag) {
        return Dictionary.keyword(tag);
    }
}
