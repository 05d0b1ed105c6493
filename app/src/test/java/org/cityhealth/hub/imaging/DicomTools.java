package org.cityhealth.hub.imaging;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Real DICOM files made by dcmtk ({@code dump2dcm}, {@code img2dcm}) and dcmtk's network tools as a PACS would run
 * them. Missing dcmtk skips the calling test, or fails it when CI=true (CI installs dcmtk).
 */
final class DicomTools {

    record Run(int exit, String output) {
    }

    private DicomTools() {
    }

    static void requireDcmtk() {
        for (String tool : List.of("dump2dcm", "img2dcm", "storescu", "echoscu")) {
            if (!onPath(tool)) {
                if ("true".equals(System.getenv("CI"))) {
                    throw new IllegalStateException("CI=true needs dcmtk (" + tool + " is not on the PATH)");
                }
                Assumptions.abort("dcmtk is not installed (" + tool + ")");
            }
        }
    }

    static boolean onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A 2×2 16-bit CT image in explicit VR little endian written by {@code dump2dcm}, UTF-8 with a Chinese name.
     */
    static byte[] ct(Path directory, String patientId, String patientName, String studyUid, String seriesUid, String sopUid,
                     String studyDate, int seriesNumber, int instanceNumber, String bodyPart) {
        String dump = """
                (0002,0002) UI [1.2.840.10008.5.1.4.1.1.2]
                (0002,0003) UI [%s]
                (0002,0010) UI [1.2.840.10008.1.2.1]
                (0008,0005) CS [ISO_IR 192]
                (0008,0016) UI [1.2.840.10008.5.1.4.1.1.2]
                (0008,0018) UI [%s]
                (0008,0020) DA [%s]
                (0008,0030) TM [093000]
                (0008,0050) SH [ACC%s]
                (0008,0060) CS [CT]
                (0008,1030) LO [胸部CT平扫]
                (0010,0010) PN [%s]
                (0010,0020) LO [%s]
                (0010,0030) DA [19600501]
                (0010,0040) CS [F]
                (0018,0015) CS [%s]
                (0020,000d) UI [%s]
                (0020,000e) UI [%s]
                (0020,0010) SH [S1]
                (0020,0011) IS [%d]
                (0020,0013) IS [%d]
                (0028,0002) US 1
                (0028,0004) CS [MONOCHROME2]
                (0028,0010) US 2
                (0028,0011) US 2
                (0028,0100) US 16
                (0028,0101) US 12
                (0028,0102) US 11
                (0028,0103) US 0
                (7fe0,0010) OW 0000\\0100\\0200\\0fff
                """.formatted(sopUid, sopUid, studyDate, studyUid.substring(studyUid.length() - 6), patientName, patientId, bodyPart,
                studyUid, seriesUid, seriesNumber, instanceNumber);
        try {
            Path text = Files.createTempFile(directory, "ct-", ".dump");
            Path file = directory.resolve(sopUid + ".dcm");
            Files.writeString(text, dump, StandardCharsets.UTF_8);
            Run run = run(List.of("dump2dcm", "--write-xfer-little", text.toString(), file.toString()));
            if (run.exit() != 0) {
                throw new IllegalStateException("dump2dcm failed: " + run.output());
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JPEG baseline ultrasound image in the study of {@code studyFile}, a new series, made by {@code img2dcm}. */
    static byte[] jpegInStudyOf(Path directory, byte[] studyFile, String sopUid) {
        try {
            BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 32; x++) {
                    image.getRaster().setSample(x, y, 0, (x * 8) & 0xff);
                }
            }
            Path jpeg = Files.createTempFile(directory, "image-", ".jpg");
            ImageIO.write(image, "jpg", jpeg.toFile());
            Path template = Files.createTempFile(directory, "study-", ".dcm");
            Files.write(template, studyFile);
            Path file = directory.resolve(sopUid + ".dcm");
            Run run = run(List.of("img2dcm", "--study-from", template.toString(), "-k", "(0008,0060)=US", "-k", "(0008,0018)=" + sopUid,
                    "-k", "(0020,0011)=2", "-k", "(0020,0013)=1", jpeg.toString(), file.toString()));
            if (run.exit() != 0) {
                throw new IllegalStateException("img2dcm failed: " + run.output());
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Run run(List<String> command) {
        return run(command, Path.of("."));
    }

    /** Runs in {@code directory}, where tools such as movescu write what they receive. */
    static Run run(List<String> command, Path directory) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile()).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.getFirst() + " did not finish in 60 s");
            }
            return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The parts of a multipart/related response, by its boundary. */
    static List<byte[]> parts(byte[] body, String contentType) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        MultipartRelated reader = new MultipartRelated(new java.io.ByteArrayInputStream(body), MultipartRelated.parameter(contentType, "boundary"),
                Long.MAX_VALUE);
        for (MultipartRelated.Part part = reader.next(); part != null; part = reader.next()) {
            parts.add(part.body());
        }
        return parts;
    }
}
