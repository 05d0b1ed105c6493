package org.cityhealth.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DicomJsonTest {
    @Test
    void writesThePs318Model() {
        Dataset dataset = new Dataset();
        dataset.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        dataset.setString(Tag.PatientName, VR.PN, "Wang^Xiaoming=王^小明");
        dataset.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3.4");
        dataset.setString(Tag.ModalitiesInStudy, VR.CS, "CT", "MR");
        dataset.setInt(Tag.Rows, VR.US, 512);
        dataset.setString(Tag.WindowCenter, VR.DS, "40", "");
        dataset.setString(Tag.AccessionNumber, VR.SH);
        dataset.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 2});
        Dataset item = new Dataset();
        dataset.setSequence(Tag.ProcedureCodeSequence, List.of(item));
        // Added to the data set first, the item encodes with its character set (PS3.5 §7.5.3).
        item.setString(Tag.CodeMeaning, VR.LO, "胸部 \"CT\"");

        assertThat(DicomJson.toJson(dataset)).isEqualTo("{"
                + "\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 192\"]},"
                + "\"00080050\":{\"vr\":\"SH\"},"
                + "\"00080061\":{\"vr\":\"CS\",\"Value\":[\"CT\",\"MR\"]},"
                + "\"00081032\":{\"vr\":\"SQ\",\"Value\":[{\"00080104\":{\"vr\":\"LO\",\"Value\":[\"胸部 \\\"CT\\\"\"]}}]},"
                + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Wang^Xiaoming\",\"Ideographic\":\"王^小明\"}]},"
                + "\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.4\"]},"
                + "\"00280010\":{\"vr\":\"US\",\"Value\":[512]},"
                + "\"00281050\":{\"vr\":\"DS\",\"Value\":[40,null]},"
                + "\"7FE00010\":{\"vr\":\"OW\"}}");
        assertThat(DicomJson.toJson(dataset, path -> "https://hub/bulk/" + path))
                .contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"https://hub/bulk/7FE00010\"}");
    }

    @Test
    void uidsAreGeneratedUnderTwoTwentyFiveAndStorageClassesRecognised() {
        String uid = Uids.generate();
        assertThat(uid).startsWith("2.25.");
        assertThat(Uids.isValid(uid)).isTrue();
        assertThat(Uids.fromName("study-1")).isEqualTo(Uids.fromName("study-1")).isNotEqualTo(Uids.fromName("s2"));
        assertThat(Uids.isStorage(Uids.CT_IMAGE_STORAGE)).isTrue();
        assertThat(Uids.isStorage(Uids.VERIFICATION)).isFalse();
        assertThat(Tag.toString(Tag.PatientName)).isEqualTo("(0010,0010)");
    }
}
