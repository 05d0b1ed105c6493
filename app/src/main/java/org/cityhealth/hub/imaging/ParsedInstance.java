package org.cityhealth.hub.imaging;

import java.io.ByteArrayInputStream;
import org.cityhealth.dicom.Dataset;
import org.cityhealth.dicom.DicomException;
import org.cityhealth.dicom.DicomFile;
import org.cityhealth.dicom.Tag;
import org.cityhealth.dicom.TransferSyntax;
import org.cityhealth.dicom.Uids;
import org.cityhealth.hub.ingest.IngestException;

/**
 * A Part 10 file read and checked for what the hub needs of every instance: a readable header, a transfer syntax the
 * hub knows, and valid Study, Series and SOP Instance UIDs. Anything else is refused with an {@link IngestException}
 * naming the attribute, which the vault keeps as the reason and DIMSE/STOW-RS turn into their failure status.
 */
record ParsedInstance(DicomFile file, String studyUid, String seriesUid, String sopInstanceUid, String sopClassUid,
                      String transferSyntaxUid) {

    static ParsedInstance of(byte[] raw) {
        DicomFile file;
        try {
            file = DicomFile.read(new ByteArrayInputStream(raw));
        } catch (DicomException e) {
            throw new IngestException(400, "structure", "DICOM", "not a readable DICOM Part 10 file: " + e.getMessage());
        }
        String syntax = file.transferSyntax();
        if (TransferSyntax.of(syntax).isEmpty()) {
            throw new IngestException(415, "not-supported", "TransferSyntaxUID", "unsupported transfer syntax " + syntax);
        }
        Dataset data = file.dataset();
        String sopClass = uid(data, Tag.SOPClassUID, "SOPClassUID");
        return new ParsedInstance(file, uid(data, Tag.StudyInstanceUID, "StudyInstanceUID"), uid(data, Tag.SeriesInstanceUID, "SeriesInstanceUID"),
                uid(data, Tag.SOPInstanceUID, "SOPInstanceUID"), sopClass, syntax);
    }

    /** The UIDs of a file that may not be valid, for a failure report: whatever can be read, else nulls. */
    static String[] bestEffortUids(byte[] raw) {
        try {
            Dataset data = DicomFile.read(new ByteArrayInputStream(raw)).dataset();
            return new String[] {data.getString(Tag.SOPClassUID, null), data.getString(Tag.SOPInstanceUID, null)};
        } catch (DicomException | IllegalArgumentException e) {
            return new String[] {null, null};
        }
    }

    Dataset dataset() {
        return file.dataset();
    }

    private static String uid(Dataset data, int tag, String name) {
        String value = data.getString(tag).map(String::strip).orElse("");
        if (value.isEmpty()) {
            throw new IngestException(400, "required", name, name + " is missing");
        }
        if (!Uids.isValid(value)) {
            throw new IngestException(400, "value", name, name + " is not a valid UID: " + value);
        }
        return value;
    }
}
