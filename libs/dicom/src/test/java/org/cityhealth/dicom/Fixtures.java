package org.cityhealth.dicom;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** DICOM files made by dcmtk for tests, written into a directory. */
final class Fixtures {
    private Fixtures() {
    }

    /** The pixel values (signed 12-bit stored in 16) of the 4×4 CT fixture, row by row. */
    static final short[] CT_PIXELS = {-1024, -1000, -500, 0, 10, 20, 30, 40, 100, 200, 300, 400, 1000, 1500, 2000,
        2047};

    /** A CT dump with Chinese text in the given character set, sequences, multi-values and private data. */
    static String ctDump(String characterSet) {
        return """
            (0008,0005) CS [%s]
            (0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]
            (0008,0016) UI [1.2.840.10008.5.1.4.1.1.2]
            (0008,0018) UI [1.2.826.0.1.3680043.2.1125.7.1]
            (0008,0020) DA [20240315]
            (0008,0030) TM [101500.123]
            (0008,0050) SH [ACC0001]
            (0008,0060) CS [CT]
            (0008,0080) LO [市第一人民医院]
            (0008,0090) PN [Li^Hua=李^华]
            (0008,1030) LO [胸部CT平扫]
            (0008,1032) SQ (Sequence with explicit length #=1)
              (fffe,e000) na (Item with explicit length #=4)
                (0008,0100) SH [CT001]
                (0008,0102) SH [99CITY]
                (0008,0104) LO [胸部CT]
                (0008,2218) SQ (Sequence with explicit length #=2)
                  (fffe,e000) na (Item with explicit length #=2)
                    (0008,0100) SH [T-D3000]
                    (0008,0104) LO [胸]
                  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
                  (fffe,e000) na (Item with explicit length #=1)
                    (0008,0104) LO [肺]
                  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
                (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
              (fffe,e00d) na (ItemDelimitationItem for re-encoding)
            (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
            (0008,103e) LO [肺窗 1.25mm]
            (0009,0010) LO [CITYHEALTH]
            (0009,1001) LO [private value]
            (0010,0010) PN [Wang^Xiaoming=王^小明]
            (0010,0020) LO [P0001]
            (0010,0030) DA [19800101]
            (0010,0040) CS [M]
            (0010,1000) LO [ID-A\\ID-B\\身份证]
            (0010,1010) AS [044Y]
            (0010,1030) DS [70.5]
            (0018,0015) CS [CHEST]
            (0018,0050) DS [1.25]
            (0020,000d) UI [1.2.826.0.1.3680043.2.1125.7.2]
            (0020,000e) UI [1.2.826.0.1.3680043.2.1125.7.3]
            (0020,0011) IS [3]
            (0020,0013) IS [12]
            (0020,0032) DS [-125.5\\-130\\88.25]
            (0020,4000) LT [第一行 line\\with backslash]
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            (0028,0010) US 4
            (0028,0011) US 4
            (0028,0030) DS [0.5\\0.5]
            (0028,0100) US 16
            (0028,0101) US 12
            (0028,0102) US 11
            (0028,0103) US 1
            (0028,1050) DS [40\\400]
            (0028,1051) DS [400\\1500]
            (0028,1052) DS [-1024]
            (0028,1053) DS [1]
            (7fe0,0010) OW =ct.raw
            """.formatted(characterSet);
    }

    /** Writes the CT dump in the charset and converts it with dump2dcm; the explicit VR little endian file. */
    static Path ct(Path directory, String name, String characterSet, Charset encoding) throws IOException {
        ByteBuffer pixels = ByteBuffer.allocate(CT_PIXELS.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short value : CT_PIXELS) {
            pixels.putShort((short) (value & 0x0FFF));
        }
        Files.write(directory.resolve("ct.raw"), pixels.array());
        Path dump = directory.resolve(name + ".dump");
        Files.write(dump, ctDump(characterSet).getBytes(encoding));
        Path file = directory.resolve(name + ".dcm");
        Dcmtk.check(directory, "dump2dcm", "-q", "+te", dump.toString(), file.toString());
        return file;
    }

    /** Converts a file with dcmconv and the given options. */
    static Path convert(Path source, String name, String... options) {
        Path target = source.resolveSibling(name + ".dcm");
        String[] command = new String[options.length + 4];
        command[0] = "dcmconv";
        command[1] = "-q";
        System.arraycopy(options, 0, command, 2, options.length);
        command[options.length + 2] = source.toString();
        command[options.length + 3] = target.toString();
        Dcmtk.check(source.getParent(), command);
        return target;
    }

    /** A JPEG baseline secondary capture made by img2dcm from a JPEG the JDK wrote. */
    static Path jpeg(Path directory, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x * 4) & 0xFF) << 16 | ((y * 4) & 0xFF) << 8 | 0x80);
            }
        }
        Path jpeg = directory.resolve("source.jpg");
        ImageIO.write(image, "jpeg", jpeg.toFile());
        Path file = directory.resolve("jpeg.dcm");
        Dcmtk.check(directory, "img2dcm", "-q", "-k", "PatientName=Zhang^San", "-k", "PatientID=P0002",
                jpeg.toString(), file.toString());
        return file;
    }
}
