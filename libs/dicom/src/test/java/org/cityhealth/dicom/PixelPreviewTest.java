package org.cityhealth.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PixelPreviewTest {
    @TempDir
    Path directory;

    @Test
    void jpegBaselineFramePreviewHasTheSourceSize() throws IOException {
        Dcmtk.assumeInstalled("img2dcm");
        DicomFile file = DicomFile.read(Fixtures.jpeg(directory, 40, 30));
        BufferedImage png = image(PixelPreview.png(file, 0).orElseThrow());
        assertThat(png.getWidth()).isEqualTo(40);
        assertThat(png.getHeight()).isEqualTo(30);
        assertThat(PixelPreview.png(file, 1)).isEmpty();
    }

    @Test
    void signedSixteenBitMonochromeGoesThroughRescaleAndWindow() throws IOException {
        Dcmtk.assumeInstalled("dump2dcm");
        // Stored values -1024..2047 in 12 bits; rescale -1024 +1; the first window 40/400 → range -160..240.
        DicomFile file = DicomFile.read(Fixtures.ct(directory, "ct", "ISO_IR 192", StandardCharsets.UTF_8));
        BufferedImage png = image(PixelPreview.png(file, 0).orElseThrow());
        assertThat(png.getWidth()).isEqualTo(4);
        int[] expected = new int[Fixtures.CT_PIXELS.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = PixelPreview.window(Fixtures.CT_PIXELS[i] - 1024, 40, 400);
        }
        // -1024 stored → -2048 HU: black; 1000 stored → -24 HU: ((-24 - 39.5) / 399 + 0.5) × 255 = 86.9.
        assertThat(grey(png, 0, 0)).isZero();
        assertThat(grey(png, 0, 3)).isEqualTo(87);
        assertThat(grey(png, 3, 3)).isEqualTo(expected[15]).isEqualTo(255);
        for (int i = 0; i < expected.length; i++) {
            assertThat(grey(png, i % 4, i / 4)).as("pixel %d", i).isEqualTo(expected[i]);
        }
    }

    @Test
    void unsignedSixteenBitWithoutWindowUsesMinAndMax() throws IOException {
        Dcmtk.assumeInstalled("dump2dcm");
        ByteBuffer pixels = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        pixels.putShort((short) 100).putShort((short) 1100).putShort((short) 600).putShort((short) 60000);
        Files.write(directory.resolve("mono.raw"), pixels.array());
        Files.writeString(directory.resolve("mono.dump"), """
            (0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]
            (0008,0018) UI [1.2.3.4]
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME1]
            (0028,0010) US 2
            (0028,0011) US 2
            (0028,0100) US 16
            (0028,0101) US 16
            (0028,0102) US 15
            (0028,0103) US 0
            (7fe0,0010) OW =mono.raw
            """);
        Dcmtk.check(directory, "dump2dcm", "-q", "mono.dump", "mono.dcm");
        BufferedImage png = image(PixelPreview.png(DicomFile.read(directory.resolve("mono.dcm")), 0).orElseThrow());
        // MONOCHROME1: the smallest value is white, the largest black.
        assertThat(grey(png, 0, 0)).isEqualTo(255);
        assertThat(grey(png, 1, 1)).isZero();
    }

    @Test
    void compressedSyntaxesOtherThanJpegBaselineHaveNoPreview() throws IOException {
        Dcmtk.assumeInstalled("dump2dcm", "dcmcrle");
        Path ct = Fixtures.ct(directory, "ct", "ISO_IR 192", StandardCharsets.UTF_8);
        Dcmtk.check(directory, "dcmcrle", "-q", ct.toString(), "rle.dcm");
        assertThat(PixelPreview.png(DicomFile.read(directory.resolve("rle.dcm")), 0)).isEmpty();
        assertThat(PixelPreview.png(DicomFile.read(ct), 0)).isPresent();
        assertThat(PixelPreview.png(DicomFile.read(ct), 1)).isEmpty();
    }

    private static BufferedImage image(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static int grey(BufferedImage image, int x, int y) {
        return image.getRaster().getSample(x, y, 0);
    }
}
