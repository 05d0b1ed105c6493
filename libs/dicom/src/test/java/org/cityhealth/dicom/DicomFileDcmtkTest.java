package org.cityhealth.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Files made by dcmtk, read by {@link DicomFile}: every element and value as dcmdump reads it. */
class DicomFileDcmtkTest {
    @TempDir
    static Path directory;
    private static final Map<String, Path> FILES = new LinkedHashMap<>();

    @BeforeAll
    static void makeFiles() throws IOException {
        Dcmtk.assumeInstalled("dump2dcm", "dcmdump", "dcmconv", "img2dcm", "dcmcjpeg", "dcmcrle");
        Path gb18030 = Fixtures.ct(directory, "ct-gb18030", "GB18030", Charset.forName("GB18030"));
        FILES.put("GB18030, explicit VR little endian", gb18030);
        FILES.put("ISO_IR 192", Fixtures.ct(directory, "ct-utf8", "ISO_IR 192", StandardCharsets.UTF_8));
        FILES.put("GBK", Fixtures.ct(directory, "ct-gbk", "GBK", Charset.forName("GBK")));
        FILES.put("implicit VR little endian", Fixtures.convert(gb18030, "ct-implicit", "+ti"));
        FILES.put("explicit VR big endian", Fixtures.convert(gb18030, "ct-big", "+tb"));
        FILES.put("deflated", Fixtures.convert(gb18030, "ct-deflated", "+td"));
        FILES.put("undefined lengths", Fixtures.convert(gb18030, "ct-undefined", "-e"));
        FILES.put("bare data set, implicit, no preamble", Fixtures.convert(gb18030, "ct-bare", "-F", "+ti"));
        FILES.put("JPEG baseline (img2dcm)", Fixtures.jpeg(directory, 40, 30));
        Path lossless = directory.resolve("ct-lossless.dcm");
        Dcmtk.check(directory, "dcmcjpeg", "-q", gb18030.toString(), lossless.toString());
        FILES.put("JPEG lossless (dcmcjpeg)", lossless);
        Path rle = directory.resolve("ct-rle.dcm");
        Dcmtk.check(directory, "dcmcrle", "-q", gb18030.toString(), rle.toString());
        FILES.put("RLE (dcmcrle)", rle);
    }

    static Stream<String> files() {
        return Stream.of("GB18030, explicit VR little endian", "ISO_IR 192", "GBK", "implicit VR little endian",
                "explicit VR big endian", "deflated", "undefined lengths", "bare data set, implicit, no preamble",
                "JPEG baseline (img2dcm)", "JPEG lossless (dcmcjpeg)", "RLE (dcmcrle)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void readsEveryElementAsDcmdumpDoes(String name) {
        Path file = FILES.get(name);
        DicomFile dicom = DicomFile.read(file);
        assertThat(comparable(Dcmtk.lines(dicom.dataset())))
                .containsExactlyElementsOf(comparable(Dcmtk.dump(file)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void writtenFileReadsTheSameInDcmdump(String name) throws IOException {
        Path file = FILES.get(name);
        Path written = directory.resolve("written-" + file.getFileName());
        try (OutputStream out = Files.newOutputStream(written)) {
            DicomFile.read(file).write(out);
        }
        assertThat(comparable(Dcmtk.dump(written))).containsExactlyElementsOf(comparable(Dcmtk.dump(file)));
        assertThat(DicomFile.read(written).dataset()).isEqualTo(DicomFile.read(file).dataset());
    }

    @Test
    void decodesChineseNamesInEachCharacterSet() {
        for (String name : List.of("GB18030, explicit VR little endian", "ISO_IR 192", "GBK",
                "explicit VR big endian", "deflated")) {
            Dataset dataset = DicomFile.read(FILES.get(name)).dataset();
            PersonName patient = dataset.getPersonName(Tag.PatientName).orElseThrow();
            assertThat(patient.alphabetic()).as(name).isEqualTo("Wang^Xiaoming");
            assertThat(patient.ideographic()).as(name).isEqualTo("王^小明");
            assertThat(patient.displayName()).as(name).isEqualTo("王小明");
            assertThat(dataset.getString(Tag.InstitutionName)).as(name).hasValue("市第一人民医院");
            assertThat(dataset.getStrings(Tag.OtherPatientIDs)).as(name).containsExactly("ID-A", "ID-B", "身份证");
            Dataset code = dataset.getSequence(Tag.ProcedureCodeSequence).getFirst();
            assertThat(code.getString(Tag.CodeMeaning)).as(name).hasValue("胸部CT");
            assertThat(code.getSequence(0x00082218).get(1).getString(Tag.CodeMeaning)).as(name).hasValue("肺");
            assertThat(dataset.getInt(Tag.Rows)).hasValue(4);
            assertThat(dataset.getDoubles(Tag.WindowCenter)).containsExactly(40, 400);
            assertThat(dataset.getString(Tag.ImageType)).hasValue("ORIGINAL");
        }
    }

    @Test
    void reportsTransferSyntaxAndMeta() {
        DicomFile big = DicomFile.read(FILES.get("explicit VR big endian"));
        assertThat(big.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid());
        assertThat(big.sopClassUid()).isEqualTo(Uids.CT_IMAGE_STORAGE);
        DicomFile bare = DicomFile.read(FILES.get("bare data set, implicit, no preamble"));
        assertThat(bare.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
        assertThat(bare.meta().isEmpty()).isTrue();
        DicomFile jpeg = DicomFile.read(FILES.get("JPEG baseline (img2dcm)"));
        assertThat(jpeg.transferSyntax()).isEqualTo(TransferSyntax.JPEG_BASELINE.uid());
        assertThat(jpeg.dataset().get(Tag.PixelData).orElseThrow().isEncapsulated()).isTrue();
    }

    /** (0008,0005) is rewritten (or added) by dcmdump +U8, which shows values in UTF-8, so it is left out. */
    private static List<String> comparable(List<Dcmtk.Line> lines) {
        return lines.stream().filter(line -> !line.tag().equals("0008,0005")).map(Dcmtk.Line::toString).toList();
    }
}
