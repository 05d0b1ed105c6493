package org.cityhealth.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Encodes a data set in a transfer syntax (PS3.5 §7). Sequences and items are written with undefined length and
 * delimiters, which every reader accepts and which needs no second pass to compute lengths.
 */
final class DatasetWriter {
    private final OutputStream out;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final byte[] scratch = new byte[12];

    private DatasetWriter(OutputStream out, boolean explicitVr, boolean bigEndian) {
        this.out = out;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
    }

    /** The data set encoded in the given syntax, deflated when the syntax says so. */
    static byte[] encode(Dataset dataset, TransferSyntax syntax) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(dataset, syntax, bytes);
        return bytes.toByteArray();
    }

    static void write(Dataset dataset, TransferSyntax syntax, OutputStream out) {
        try {
            if (syntax.deflated()) {
                Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
                try (DeflaterOutputStream deflating = new DeflaterOutputStream(nonClosing(out), deflater, 8192)) {
                    new DatasetWriter(deflating, true, false).writeDataset(dataset);
                } finally {
                    deflater.end();
                }
            } else {
                new DatasetWriter(out, syntax.explicitVr(), syntax.bigEndian()).writeDataset(dataset);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file meta information group: explicit VR little endian, group length first (PS3.10 §7.1). */
    static void writeMeta(Dataset meta, OutputStream out) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DatasetWriter writer = new DatasetWriter(body, true, false);
        for (Element element : meta) {
            if (element.tag() != Tag.FileMetaInformationGroupLength) {
                writer.writeElement(element);
            }
        }
        DatasetWriter header = new DatasetWriter(out, true, false);
        header.writeElement(Element.of(Tag.FileMetaInformationGroupLength, VR.UL, littleEndianInt(body.size())));
        body.writeTo(out);
    }

    private void writeDataset(Dataset dataset) throws IOException {
        for (Element element : dataset) {
            writeElement(element);
        }
    }

    private void writeElement(Element element) throws IOException {
        int tag = element.tag();
        VR vr = element.vr();
        if (element.items() != null) {
            writeHeader(tag, VR.SQ, 0xFFFFFFFFL);
            for (Dataset item : element.items()) {
                writeTagAndLength(Tag.Item, 0xFFFFFFFFL);
                writeDataset(item);
                writeTagAndLength(Tag.ItemDelimitationItem, 0);
            }
            writeTagAndLength(Tag.SequenceDelimitationItem, 0);
        } else if (element.fragments() != null) {
            writeHeader(tag, vr, 0xFFFFFFFFL);
            for (byte[] fragment : element.fragments()) {
                writeTagAndLength(Tag.Item, fragment.length);
                out.write(fragment);
            }
            writeTagAndLength(Tag.SequenceDelimitationItem, 0);
        } else {
            byte[] value = element.value();
            if (explicitVr && !vr.longHeader() && value.length > 0xFFFF) {
                throw new DicomException("value of " + Tag.toString(tag) + " (" + value.length
                        + " bytes) is too long for VR " + vr);
            }
            writeHeader(tag, vr, value.length);
            if (bigEndian && vr.unitSize() > 1) {
                value = value.clone();
                DatasetReader.swap(value, vr.unitSize());
            }
            out.write(value);
        }
    }

    private void writeHeader(int tag, VR vr, long length) throws IOException {
        putTag(tag);
        if (!explicitVr) {
            putUint32(4, length);
            out.write(scratch, 0, 8);
            return;
        }
        scratch[4] = (byte) vr.name().charAt(0);
        scratch[5] = (byte) vr.name().charAt(1);
        if (vr.longHeader()) {
            scratch[6] = 0;
            scratch[7] = 0;
            putUint32(8, length);
            out.write(scratch, 0, 12);
        } else {
            putUint16(6, (int) length);
            out.write(scratch, 0, 8);
        }
    }

    private void writeTagAndLength(int tag, long length) throws IOException {
        putTag(tag);
        putUint32(4, length);
        out.write(scratch, 0, 8);
    }

    private void putTag(int tag) {
        putUint16(0, tag >>> 16);
        putUint16(2, tag & 0xFFFF);
    }

    private void putUint16(int at, int value) {
        if (bigEndian) {
            scratch[at] = (byte) (value >>> 8);
            scratch[at + 1] = (byte) value;
        } else {
            scratch[at] = (byte) value;
            scratch[at + 1] = (byte) (value >>> 8);
        }
    }

    private void putUint32(int at, long value) {
        if (bigEndian) {
            putUint16(at, (int) (value >>> 16) & 0xFFFF);
            putUint16(at + 2, (int) value & 0xFFFF);
        } else {
            putUint16(at, (int) value & 0xFFFF);
            putUint16(at + 2, (int) (value >>> 16) & 0xFFFF);
        }
    }

    static byte[] littleEndianInt(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
