package org.cityhealth.hub.imaging;

import java.util.ArrayList;
import java.util.List;
import org.cityhealth.dicom.Dataset;
import org.cityhealth.dicom.DicomFile;
import org.cityhealth.dicom.Tag;
import org.cityhealth.dicom.TransferSyntax;
import org.cityhealth.dicom.Uids;
import org.cityhealth.dicom.VR;

/**
 * Synthetic CT studies as a modality would send them (Part 10, explicit VR little endian, 16-bit monochrome): the
 * demo's PACS and {@code ./cityhealth bench feeds} send these. Each slice is a disc in a gradient, so a preview shows
 * an image; the UIDs are derived from {@code seed}, so the same seed gives the same study.
 */
public final class SampleStudies {

    private SampleStudies() {
    }

    /** {@code slices} axial chest slices of {@code size}×{@code size} pixels about the patient given. */
    public static List<byte[]> chestCt(String seed, String patientId, String patientName, String studyDate, int slices, int size) {
        String study = Uids.fromName("ct-study-" + seed);
        String series = Uids.fromName("ct-series-" + seed);
        String syntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        List<byte[]> files = new ArrayList<>(slices);
        for (int slice = 0; slice < slices; slice++) {
            String instance = Uids.fromName(series + "-" + slice);
            Dataset dataset = new Dataset()
                    .setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192")
                    .setString(Tag.SOPClassUID, VR.UI, Uids.CT_IMAGE_STORAGE)
                    .setString(Tag.SOPInstanceUID, VR.UI, instance)
                    .setString(Tag.StudyDate, VR.DA, studyDate)
                    .setString(Tag.Modality, VR.CS, "CT")
                    .setString(Tag.BodyPartExamined, VR.CS, "CHEST")
                    .setString(Tag.StudyDescription, VR.LO, "胸部CT平扫")
                    .setString(Tag.PatientName, VR.PN, patientName)
                    .setString(Tag.PatientID, VR.LO, patientId)
                    .setString(Tag.StudyInstanceUID, VR.UI, study)
                    .setString(Tag.SeriesInstanceUID, VR.UI, series)
                    .setString(Tag.SeriesNumber, VR.IS, "1")
                    .setString(Tag.InstanceNumber, VR.IS, Integer.toString(slice + 1))
                    .setInt(Tag.SamplesPerPixel, VR.US, 1)
                    .setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                    .setInt(Tag.Rows, VR.US, size)
                    .setInt(Tag.Columns, VR.US, size)
                    .setInt(Tag.BitsAllocated, VR.US, 16)
                    .setInt(Tag.BitsStored, VR.US, 12)
                    .setInt(Tag.HighBit, VR.US, 11)
                    .setInt(Tag.PixelRepresentation, VR.US, 0)
                    .setBytes(Tag.PixelData, VR.OW, pixels(size, slice));
            files.add(DicomFile.part10(Uids.CT_IMAGE_STORAGE, instance, syntax, DicomFile.encodeDataset(dataset, syntax), "CITYHEALTH"));
        }
        return files;
    }

    private static byte[] pixels(int size, int slice) {
        byte[] pixels = new byte[size * size * 2];
        double radius = size * (0.32 - 0.03 * (slice % 5));
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double d = Math.hypot(x - size / 2.0, y - size / 2.0);
                int value = d < radius ? 1200 + (int) (1000 * d / size) : 200 + 3000 * x / size;
                pixels[2 * (y * size + x)] = (byte) value;
                pixels[2 * (y * size + x) + 1] = (byte) (value >> 8);
            }
        }
        return pixels;
    }
}
