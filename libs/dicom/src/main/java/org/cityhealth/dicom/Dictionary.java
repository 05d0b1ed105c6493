package org.cityhealth.dicom;

import java.util.HashMap;
import java.util.Map;

/**
 * The VR and keyword of the standard attributes an implicit VR data set needs to be decoded (PS3.6 §6, PS3.7 E.1).
 * Not the whole standard: an attribute missing here is read as UN and its bytes are kept as they are, so nothing
 * is lost on a round trip; only its value is not interpreted.
 */
final class Dictionary {
    private Dictionary() {
    }

    private record Entry(VR vr, String keyword) {
    }

    private static final Map<Integer, Entry> ENTRIES = new HashMap<>();
    private static final Map<String, Integer> TAGS = new HashMap<>();

    static {
        String table = """
            00000000 UL CommandGroupLength
            00000002 UI AffectedSOPClassUID
            00000003 UI RequestedSOPClassUID
            00000100 US CommandField
            00000110 US MessageID
            00000120 US MessageIDBeingRespondedTo
            00000600 AE MoveDestination
            00000700 US Priority
            00000800 US CommandDataSetType
            00000900 US Status
            00000901 AT OffendingElement
            00000902 LO ErrorComment
            00000903 US ErrorID
            00001000 UI AffectedSOPInstanceUID
            00001001 UI RequestedSOPInstanceUID
            00001030 AE MoveOriginatorApplicationEntityTitle
            00001031 US MoveOriginatorMessageID
            00020000 UL FileMetaInformationGroupLength
            00020001 OB FileMetaInformationVersion
            00020002 UI MediaStorageSOPClassUID
            00020003 UI MediaStorageSOPInstanceUID
            00020010 UI TransferSyntaxUID
            00020012 UI ImplementationClassUID
            00020013 SH ImplementationVersionName
            00020016 AE SourceApplicationEntityTitle
            00020017 AE SendingApplicationEntityTitle
            00020018 AE ReceivingApplicationEntityTitle
            00020100 UI PrivateInformationCreatorUID
            00020102 OB PrivateInformation
            00080005 CS SpecificCharacterSet
            00080008 CS ImageType
            00080012 DA InstanceCreationDate
            00080013 TM InstanceCreationTime
            00080014 UI InstanceCreatorUID
            00080016 UI SOPClassUID
            00080018 UI SOPInstanceUID
            00080020 DA StudyDate
            00080021 DA SeriesDate
            00080022 DA AcquisitionDate
            00080023 DA ContentDate
            0008002A DT AcquisitionDateTime
            00080030 TM StudyTime
            00080031 TM SeriesTime
            00080032 TM AcquisitionTime
            00080033 TM ContentTime
            00080050 SH AccessionNumber
            00080052 CS QueryRetrieveLevel
            00080054 AE RetrieveAETitle
            00080056 CS InstanceAvailability
            00080060 CS Modality
            00080061 CS ModalitiesInStudy
            00080064 CS ConversionType
            00080070 LO Manufacturer
            00080080 LO InstitutionName
            00080081 ST InstitutionAddress
            00080090 PN ReferringPhysicianName
            00080100 SH CodeValue
            00080102 SH CodingSchemeDesignator
            00080103 SH CodingSchemeVersion
            00080104 LO CodeMeaning
            00080201 SH TimezoneOffsetFromUTC
            00081010 SH StationName
            00081030 LO StudyDescription
            00081032 SQ ProcedureCodeSequence
            0008103E LO SeriesDescription
            00081040 LO InstitutionalDepartmentName
            00081048 PN PhysiciansOfRecord
            00081050 PN PerformingPhysicianName
            00081060 PN NameOfPhysiciansReadingStudy
            00081070 PN OperatorsName
            00081090 LO ManufacturerModelName
            00081110 SQ ReferencedStudySequence
            00081115 SQ ReferencedSeriesSequence
            00081140 SQ ReferencedImageSequence
            00081150 UI ReferencedSOPClassUID
            00081155 UI ReferencedSOPInstanceUID
            00081190 UR RetrieveURL
            00081199 SQ ReferencedSOPSequence
            00082111 ST DerivationDescription
            00082218 SQ AnatomicRegionSequence
            00100010 PN PatientName
            00100020 LO PatientID
            00100021 LO IssuerOfPatientID
            00100030 DA PatientBirthDate
            00100032 TM PatientBirthTime
            00100040 CS PatientSex
            00101000 LO OtherPatientIDs
            00101001 PN OtherPatientNames
            00101002 SQ OtherPatientIDsSequence
            00101010 AS PatientAge
            00101020 DS PatientSize
            00101030 DS PatientWeight
            00101040 LO PatientAddress
            00102154 SH PatientTelephoneNumbers
            00104000 LT PatientComments
            00180015 CS BodyPartExamined
            00180050 DS SliceThickness
            00180060 DS KVP
            00180088 DS SpacingBetweenSlices
            00181000 LO DeviceSerialNumber
            00181020 LO SoftwareVersions
            00181030 LO ProtocolName
            00181150 IS ExposureTime
            00181151 IS XRayTubeCurrent
            00181152 IS Exposure
            00185100 CS PatientPosition
            0020000D UI StudyInstanceUID
            0020000E UI SeriesInstanceUID
            00200010 SH StudyID
            00200011 IS SeriesNumber
            00200012 IS AcquisitionNumber
            00200013 IS InstanceNumber
            00200020 CS PatientOrientation
            00200032 DS ImagePositionPatient
            00200037 DS ImageOrientationPatient
            00200052 UI FrameOfReferenceUID
            00201040 LO PositionReferenceIndicator
            00201041 DS SliceLocation
            00201206 IS NumberOfStudyRelatedSeries
            00201208 IS NumberOfStudyRelatedInstances
            00201209 IS NumberOfSeriesRelatedInstances
            00204000 LT ImageComments
            00280002 US SamplesPerPixel
            00280004 CS PhotometricInterpretation
            00280006 US PlanarConfiguration
            00280008 IS NumberOfFrames
            00280009 AT FrameIncrementPointer
            00280010 US Rows
            00280011 US Columns
            00280030 DS PixelSpacing
            00280034 IS PixelAspectRatio
            00280100 US BitsAllocated
            00280101 US BitsStored
            00280102 US HighBit
            00280103 US PixelRepresentation
            00281050 DS WindowCenter
            00281051 DS WindowWidth
            00281052 DS RescaleIntercept
            00281053 DS RescaleSlope
            00281054 LO RescaleType
            00281055 LO WindowCenterWidthExplanation
            00281101 US RedPaletteColorLookupTableDescriptor
            00281102 US GreenPaletteColorLookupTableDescriptor
            00281103 US BluePaletteColorLookupTableDescriptor
            00281201 OW RedPaletteColorLookupTableData
            00281202 OW GreenPaletteColorLookupTableData
            00281203 OW BluePaletteColorLookupTableData
            00282110 CS LossyImageCompression
            00282112 DS LossyImageCompressionRatio
            00282114 CS LossyImageCompressionMethod
            00321032 PN RequestingPhysician
            00321060 LO RequestedProcedureDescription
            00400244 DA PerformedProcedureStepStartDate
            00400245 TM PerformedProcedureStepStartTime
            00400253 SH PerformedProcedureStepID
            00400254 LO PerformedProcedureStepDescription
            00400275 SQ RequestAttributesSequence
            00401001 SH RequestedProcedureID
            0040A730 SQ ContentSequence
            7FE00010 OW PixelData
            FFFAFFFA SQ DigitalSignaturesSequence
            FFFCFFFC OB DataSetTrailingPadding
            """;
        for (String line : table.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            ENTRIES.put(Integer.parseUnsignedInt(parts[0], 16), new Entry(VR.valueOf(parts[1]), parts[2]));
            TAGS.put(parts[2], Integer.parseUnsignedInt(parts[0], 16));
        }
    }

    /**
     * The VR to decode an implicit VR element with: the dictionary's, UL for group lengths, LO for private
     * creators (PS3.5 §7.8.1), UN otherwise (the value is kept, not interpreted).
     */
    static VR vrOf(int tag) {
        Entry entry = ENTRIES.get(tag);
        if (entry != null) {
            return entry.vr();
        }
        int element = Tag.element(tag);
        if (element == 0) {
            return VR.UL;
        }
        if (Tag.isPrivate(tag) && element >= 0x10 && element <= 0xFF) {
            return VR.LO;
        }
        return VR.UN;
    }

    static String keyword(int tag) {
        Entry entry = ENTRIES.get(tag);
        return entry == null ? null : entry.keyword();
    }

    /** The tag of a keyword of this dictionary, or null. */
    static Integer tagOf(String keyword) {
        return TAGS.get(keyword);
    }
}
