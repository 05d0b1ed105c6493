package org.cityhealth.dicom;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * An 8-bit PNG of one frame, for a viewer's thumbnail, not for diagnosis. Renders native MONOCHROME1/2 pixels
 * of 8 or 16 bits, signed or not, through the modality rescale and the first VOI window (PS3.3 C.11.2.1.2; the
 * frame's min/max when the file has none), native RGB (interleaved or planar), and JPEG baseline frames through
 * the JDK's JPEG reader. Everything else has no preview: {@link Optional#empty()}.
 */
public final class PixelPreview {
    private PixelPreview() {
    }

    /** The frame (0-based) as PNG bytes, or empty when it cannot be rendered (see the class description). */
    public static Optional<byte[]> png(DicomFile file, int frame) {
        Dataset dataset = file.dataset();
        int rows = dataset.getInt(Tag.Rows, 0);
        int columns = dataset.getInt(Tag.Columns, 0);
        int frames = Math.max(1, dataset.getInt(Tag.NumberOfFrames, 1));
        Element pixels = dataset.get(Tag.PixelData).orElse(null);
        if (pixels == null || rows <= 0 || columns <= 0 || frame < 0 || frame >= frames
                || (long) rows * columns > 1L << 28) {
            return Optional.empty();
        }
        try {
            BufferedImage image;
            if (pixels.fragments() != null) {
                image = jpegFrame(file.transferSyntax(), pixels.fragments(), frame, frames);
            } else if (pixels.value() != null && !TransferSyntax.isEncapsulated(file.transferSyntax())) {
                image = nativeFrame(dataset, pixels.value(), rows, columns, frame);
            } else {
                image = null;
            }
            return image == null ? Optional.empty() : Optional.of(encode(image));
        } catch (IOException | RuntimeException e) {
            // A frame the decoders cannot read simply has no preview.
            return Optional.empty();
        }
    }

    private static BufferedImage jpegFrame(String transferSyntax, List<byte[]> fragments, int frame, int frames)
            throws IOException {
        if (!TransferSyntax.JPEG_BASELINE.uid().equals(transferSyntax)
                && !TransferSyntax.JPEG_EXTENDED.uid().equals(transferSyntax)) {
            return null;
        }
        byte[] data = frameBytes(fragments, frame, frames);
        return data == null ? null : ImageIO.read(new ByteArrayInputStream(data));
    }

    /** A frame's compressed bytes: all fragments for one frame, else one fragment per frame or the offsets. */
    private static byte[] frameBytes(List<byte[]> fragments, int frame, int frames) {
        List<byte[]> data = fragments.subList(1, fragments.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (frames == 1) {
            data.forEach(out::writeBytes);
            return out.toByteArray();
        }
        if (data.size() == frames) {
            return data.get(frame);
        }
        byte[] table = fragments.getFirst();
        if (table.length != 4 * frames) {
            return null;
        }
        ByteBuffer offsets = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        long start = offsets.getInt(4 * frame) & 0xFFFFFFFFL;
        long end = frame + 1 < frames ? offsets.getInt(4 * (frame + 1)) & 0xFFFFFFFFL : Long.MAX_VALUE;
        long position = 0;
        for (byte[] fragment : data) {
            if (position >= start && position < end) {
                out.writeBytes(fragment);
            }
            position += 8 + fragment.length; // offsets count the item headers too
        }
        return out.toByteArray();
    }

    private static BufferedImage nativeFrame(Dataset dataset, byte[] pixels, int rows, int columns, int frame) {
        int samples = dataset.getInt(Tag.SamplesPerPixel, 1);
        int bitsAllocated = dataset.getInt(Tag.BitsAllocated, 0);
        String photometric = dataset.getString(Tag.PhotometricInterpretation, "");
        int pixelCount = rows * columns;
        if (bitsAllocated != 8 && bitsAllocated != 16) {
            return null;
        }
        long frameBytes = (long) pixelCount * samples * (bitsAllocated / 8);
        long start = frameBytes * frame;
        if (start + frameBytes > pixels.length) {
            return null;
        }
        if (samples == 1 && (photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2"))) {
            return monochrome(dataset, pixels, (int) start, rows, columns, bitsAllocated,
                    photometric.equals("MONOCHROME1"));
        }
        if (samples == 3 && photometric.equals("RGB") && bitsAllocated == 8) {
            boolean planar = dataset.getInt(Tag.PlanarConfiguration, 0) == 1;
            BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < pixelCount; i++) {
                int r;
                int g;
                int b;
                if (planar) {
                    r = pixels[(int) start + i] & 0xFF;
                    g = pixels[(int) start + pixelCount + i] & 0xFF;
                    b = pixels[(int) start + 2 * pixelCount + i] & 0xFF;
                } else {
                    r = pixels[(int) start + 3 * i] & 0xFF;
                    g = pixels[(int) start + 3 * i + 1] & 0xFF;
                    b = pixels[(int) start + 3 * i + 2] & 0xFF;
                }
                image.setRGB(i % columns, i / columns, (r << 16) | (g << 8) | b);
            }
            return image;
        }
        return null;
    }

    private static BufferedImage monochrome(Dataset dataset, byte[] pixels, int start, int rows, int columns,
            int bitsAllocated, boolean inverted) {
        int bitsStored = Math.min(bitsAllocated, Math.max(1, dataset.getInt(Tag.BitsStored, bitsAllocated)));
        boolean signed = dataset.getInt(Tag.PixelRepresentation, 0) == 1;
        double slope = dataset.getDouble(Tag.RescaleSlope).orElse(1);
        double intercept = dataset.getDouble(Tag.RescaleIntercept).orElse(0);
        int count = rows * columns;
        double[] values = new double[count];
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        int mask = (1 << bitsStored) - 1;
        for (int i = 0; i < count; i++) {
            int raw = bitsAllocated == 8 ? pixels[start + i] & 0xFF
                    : (pixels[start + 2 * i] & 0xFF) | ((pixels[start + 2 * i + 1] & 0xFF) << 8);
            int stored = raw & mask;
            if (signed && (stored & (1 << (bitsStored - 1))) != 0) {
                stored -= 1 << bitsStored;
            }
            double value = stored * slope + intercept;
            values[i] = value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        double center = dataset.getDouble(Tag.WindowCenter).orElse(Double.NaN);
        double width = dataset.getDouble(Tag.WindowWidth).orElse(Double.NaN);
        if (Double.isNaN(center) || Double.isNaN(width) || width < 1) {
            center = (min + max) / 2 + 0.5;
            width = Math.max(1, max - min + 1);
        }
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] grey = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < count; i++) {
            int level = window(values[i], center, width);
            grey[i] = (byte) (inverted ? 255 - level : level);
        }
        return image;
    }

    /** The linear VOI function of PS3.3 C.11.2.1.2.1 onto 0..255. */
    static int window(double value, double center, double width) {
        double low = center - 0.5 - (width - 1) / 2;
        double high = center - 0.5 + (width - 1) / 2;
        if (value <= low) {
            return 0;
        }
        if (value > high) {
            return 255;
        }
        return (int) Math.round(((value - (center - 0.5)) / (width - 1) + 0.5) * 255);
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
