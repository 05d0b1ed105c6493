package org.cityhealth.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random data sets survive a write and a read; damaged files give a data set or a DicomException, quickly. */
class DicomFilePropertiesTest {
    /** Tags from the dictionary, so implicit VR decodes them with the same VR. */
    private static final int[] TEXT_TAGS = {Tag.PatientID, Tag.StudyDescription, Tag.InstitutionName,
        Tag.AccessionNumber, Tag.Modality, Tag.StudyDate, Tag.SeriesNumber, Tag.SliceThickness, Tag.PatientName,
        Tag.CodeMeaning, 0x00204000};
    private static final VR[] TEXT_VRS = {VR.LO, VR.LO, VR.LO, VR.SH, VR.CS, VR.DA, VR.IS, VR.DS, VR.PN, VR.LO,
        VR.LT};
    private static final int[] SEQUENCES = {Tag.ProcedureCodeSequence, Tag.ReferencedStudySequence, 0x00082218};

    @Test
    void randomDataSetsRoundTripInEverySyntax() {
        qt().withExamples(300).forAll(longs().all(), integers().between(0, 3)).checkAssert((seed, syntaxIndex) -> {
            TransferSyntax syntax = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                    TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
                    TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN).get(syntaxIndex);
            Dataset dataset = randomDataset(new Random(seed), 0);
            byte[] bytes = DicomFile.encodeDataset(dataset, syntax.uid());
            assertThat(DicomFile.parseDataset(bytes, syntax.uid())).isEqualTo(dataset);
            DicomFile file = new DicomFile(new Dataset(), dataset, syntax.uid());
            DicomFile read = DicomFile.read(file.toBytes());
            assertThat(read.dataset()).isEqualTo(dataset);
        });
    }

    @Test
    void theDataSetBytesOfAPart10FileAreTheBytesItWasMadeFrom() {
        qt().withExamples(200).forAll(longs().all(), integers().between(0, 3)).checkAssert((seed, syntaxIndex) -> {
            String syntax = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                    TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN).get(syntaxIndex).uid();
            byte[] dataset = DicomFile.encodeDataset(randomDataset(new Random(seed), 0), syntax);
            byte[] file = DicomFile.part10(Uids.CT_IMAGE_STORAGE, "1.2.3." + (seed & 0xFFFF), syntax, dataset, "SCU");
            assertThat(DicomFile.datasetBytes(file)).isEqualTo(dataset);
        });
        assertThatThrownBy(() -> DicomFile.datasetBytes(new byte[200])).isInstanceOf(DicomException.class);
    }

    @Test
    void randomTextReadsBackAsWritten() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            Dataset dataset = new Dataset();
            dataset.setString(Tag.SpecificCharacterSet, VR.CS, random.nextBoolean() ? "ISO_IR 192" : "GB18030");
            List<String> values = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                values.add(text(random, true));
            }
            dataset.setString(Tag.InstitutionName, VR.LO, values.toArray(String[]::new));
            Dataset read = DicomFile.parseDataset(DicomFile.encodeDataset(dataset,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
            assertThat(read.getStrings(Tag.InstitutionName)).containsExactlyElementsOf(values);
        });
    }

    @Test
    void damagedFilesGiveADataSetOrADicomException() {
        Random base = new Random(7);
        List<byte[]> valid = new ArrayList<>();
        for (String syntax : List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                TransferSyntax.JPEG_BASELINE.uid())) {
            Dataset dataset = randomDataset(base, 0);
            if (syntax.equals(TransferSyntax.JPEG_BASELINE.uid())) {
                dataset.set(Element.encapsulated(Tag.PixelData, VR.OB, List.of(new byte[0], new byte[] {1, 2, 3, 4})));
            }
            valid.add(new DicomFile(new Dataset(), dataset, syntax).toBytes());
        }
        qt().withExamples(2000).forAll(longs().all(), integers().between(0, valid.size() - 1))
                .checkAssert((seed, which) -> {
                    Random random = new Random(seed);
                    byte[] bytes = valid.get(which).clone();
                    if (random.nextInt(4) == 0) {
                        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                    }
                    for (int i = 0, n = 1 + random.nextInt(8); i < n && bytes.length > 0; i++) {
                        int at = random.nextInt(bytes.length);
                        bytes[at] = random.nextInt(3) == 0 ? (byte) 0xFF : (byte) random.nextInt(256);
                    }
                    long start = System.nanoTime();
                    try {
                        DicomFile.read(bytes);
                    } catch (DicomException e) {
                        assertThat(e.getMessage()).isNotBlank();
                    } catch (RuntimeException | Error e) {
                        fail("damaged input raised " + e, e);
                    }
                    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
                });
    }

    @Test
    void hostileLengthsAreRejectedWithTheirOffsetAndTag() {
        byte[] header = {0x10, 0x00, 0x10, 0x00, 'P', 'N', (byte) 0xF0, (byte) 0xFF};
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(DicomException.class,
                () -> DicomFile.parseDataset(header, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())))
                .hasMessageContaining("offset 0").hasMessageContaining("(0010,0010)")
                .hasMessageContaining("value length 65520");
        byte[] sequence = {0x08, 0x00, 0x32, 0x10, 'S', 'Q', 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(DicomException.class,
                () -> DicomFile.parseDataset(sequence, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())))
                .hasMessageContaining("truncated");
    }

    static Dataset randomDataset(Random random, int depth) {
        Dataset dataset = new Dataset();
        if (random.nextBoolean()) {
            dataset.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        }
        boolean unicode = dataset.contains(Tag.SpecificCharacterSet);
        for (int i = 0, n = random.nextInt(8); i < n; i++) {
            int index = random.nextInt(TEXT_TAGS.length);
            VR vr = TEXT_VRS[index];
            String value = switch (vr) {
                case DA -> "20240101";
                case IS -> Integer.toString(random.nextInt(2000) - 1000);
                case DS -> Integer.toString(random.nextInt(500)) + ".5";
                case CS -> "CT";
                default -> text(random, unicode && vr != VR.SH);
            };
            dataset.setString(TEXT_TAGS[index], vr, value);
        }
        if (random.nextBoolean()) {
            dataset.setInt(Tag.Rows, VR.US, random.nextInt(65536));
        }
        if (random.nextBoolean()) {
            dataset.setInt(Tag.PixelRepresentation, VR.US, random.nextInt(2));
        }
        if (random.nextBoolean()) {
            byte[] pixels = new byte[2 * random.nextInt(40)];
            random.nextBytes(pixels);
            dataset.setBytes(Tag.PixelData, VR.OW, pixels);
        }
        if (depth < 3 && random.nextInt(3) == 0) {
            List<Dataset> items = new ArrayList<>();
            for (int i = 0, n = random.nextInt(3); i < n; i++) {
                items.add(randomDataset(random, depth + 1));
            }
            dataset.setSequence(SEQUENCES[random.nextInt(SEQUENCES.length)], items);
        }
        return dataset;
    }

    private static String text(Random random, boolean unicode) {
        String alphabet = unicode ? "ABCxyz019 -.王小明胸部平扫市人民医院" : "ABCDEFxyz0123456789 -.";
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString().strip().isEmpty() ? "X" : text.toString().strip();
    }
}
