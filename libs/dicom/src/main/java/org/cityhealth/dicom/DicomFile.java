package org.cityhealth.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A DICOM object: its file meta information (group 0002), its data set, and the transfer syntax the data set is
 * encoded in. Reads PS3.10 files (128-byte preamble, "DICM", meta group in explicit VR little endian, then the
 * data set) and, as dcmtk does, bare data sets without preamble or meta group (implicit or explicit VR little
 * endian, detected). Input is read into memory up to a bound ({@link #DEFAULT_MAX_BYTES} unless given).
 */
public record DicomFile(Dataset meta, Dataset dataset, String transferSyntax) {
    /** Larger than any instance the hub accepts (a few hundred MB), small enough to fit in a heap. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    private static final int PREAMBLE = 128;
    private static final byte[] MAGIC = "DICM".getBytes(StandardCharsets.US_ASCII);

    public DicomFile {
        Objects.requireNonNull(meta, "meta is null");
        Objects.requireNonNull(dataset, "dataset is null");
        Objects.requireNonNull(transferSyntax, "transferSyntax is null");
    }

    public static DicomFile read(InputStream in) {
        return read(in, DEFAULT_MAX_BYTES);
    }

    /** Reads a file of at most {@code maxBytes} bytes (after inflation for deflated syntaxes). */
    public static DicomFile read(InputStream in, long maxBytes) {
        return read(readBounded(in, maxBytes, "input"), maxBytes);
    }

    public static DicomFile read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DicomFile read(byte[] bytes) {
        return read(bytes, DEFAULT_MAX_BYTES);
    }

    private static DicomFile read(byte[] bytes, long maxBytes) {
        int start;
        if (bytes.length >= PREAMBLE + 4 && Arrays.equals(bytes, PREAMBLE, PREAMBLE + 4, MAGIC, 0, 4)) {
            start = PREAMBLE + 4;
        } else if (bytes.length >= 6 && bytes[0] == 2 && bytes[1] == 0 && VR.of(bytes[4], bytes[5]) != null) {
            start = 0; // meta group without preamble
        } else {
            TransferSyntax guessed = looksExplicit(bytes) ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
                    : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
            Dataset dataset = new DatasetReader(bytes, 0, bytes.length, guessed.explicitVr(), false, 0, "data set")
                    .readDataset();
            return new DicomFile(new Dataset(), dataset, guessed.uid());
        }
        DatasetReader metaReader = new DatasetReader(bytes, start, bytes.length, true, false, 0, "file meta");
        Dataset meta = metaReader.readGroup(0x0002);
        int datasetStart = metaReader.position();
        String uid = meta.getString(Tag.TransferSyntaxUID).orElse(null);
        if (uid == null) {
            uid = (looksExplicit(Arrays.copyOfRange(bytes, datasetStart, Math.min(bytes.length, datasetStart + 6)))
                    ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).uid();
        }
        return new DicomFile(meta, parse(bytes, datasetStart, uid, maxBytes, datasetStart), uid);
    }

    /**
     * The data set of a Part 10 file as its bytes are stored after the meta group (deflated ones still deflated): what a
     * C-STORE sends in the file's own transfer syntax, unchanged to the byte.
     *
     * @throws DicomException when the bytes are not a Part 10 file with a readable meta group
     */
    public static byte[] datasetBytes(byte[] part10) {
        if (part10.length < PREAMBLE + 4 || !Arrays.equals(part10, PREAMBLE, PREAMBLE + 4, MAGIC, 0, 4)) {
            throw new DicomException("not a DICOM Part 10 file (no DICM after the preamble)");
        }
        DatasetReader metaReader = new DatasetReader(part10, PREAMBLE + 4, part10.length, true, false, 0, "file meta");
        metaReader.readGroup(0x0002);
        return Arrays.copyOfRange(part10, metaReader.position(), part10.length);
    }

    /** Explicit VR data sets have two upper-case letters naming a VR after the first tag. */
    private static boolean looksExplicit(byte[] bytes) {
        return bytes.length >= 6 && VR.of(bytes[4], bytes[5]) != null;
    }

    /**
     * Parses a bare data set in the given transfer syntax, e.g. the bytes received in a C-STORE.
     *
     * @throws DicomException when the bytes are not a well-formed data set
     */
    public static Dataset parseDataset(byte[] bytes, String transferSyntax) {
        return parse(bytes, 0, transferSyntax, DEFAULT_MAX_BYTES, 0);
    }

    private static Dataset parse(byte[] bytes, int start, String uid, long maxBytes, long reportedBase) {
        TransferSyntax syntax = TransferSyntax.encodingOf(uid);
        if (syntax.deflated()) {
            byte[] inflated = inflate(bytes, start, maxBytes);
            return new DatasetReader(inflated, 0, inflated.length, true, false, 0, "inflated data set")
                    .readDataset();
        }
        return new DatasetReader(bytes, start, bytes.length, syntax.explicitVr(), syntax.bigEndian(), reportedBase,
                "data set").readDataset();
    }

    /** The data set encoded in the given transfer syntax (deflated for the deflated one). */
    public static byte[] encodeDataset(Dataset dataset, String transferSyntax) {
        return DatasetWriter.encode(dataset, TransferSyntax.encodingOf(transferSyntax));
    }

    /**
     * A file for a data set received over the network: the meta group is built for the given SOP class,
     * instance and transfer syntax; the bytes are parsed to give the data set.
     */
    public static DicomFile of(String sopClass, String sopInstance, String transferSyntax, byte[] datasetBytes) {
        return new DicomFile(metaFor(sopClass, sopInstance, transferSyntax, null),
                parseDataset(datasetBytes, transferSyntax), transferSyntax);
    }

    /**
     * A PS3.10 file whose data set is exactly the given bytes (as received in a C-STORE, in the given transfer
     * syntax), so the stored object is byte for byte what the modality sent. The bytes are not parsed here.
     */
    public static byte[] part10(String sopClass, String sopInstance, String transferSyntax, byte[] datasetBytes,
            String sourceAeTitle) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(datasetBytes.length + 512);
        out.writeBytes(new byte[PREAMBLE]);
        out.writeBytes(MAGIC);
        try {
            DatasetWriter.writeMeta(metaFor(sopClass, sopInstance, transferSyntax, sourceAeTitle), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.writeBytes(datasetBytes);
        return out.toByteArray();
    }

    /**
     * Writes PS3.10: preamble, "DICM", a rebuilt meta group (this implementation's UIDs, the SOP class and
     * instance from the meta or else the data set), and the data set in this file's transfer syntax; the retired
     * explicit VR big endian is written as explicit VR little endian instead.
     */
    public void write(OutputStream out) {
        TransferSyntax syntax = TransferSyntax.encodingOf(transferSyntax);
        String target = syntax == TransferSyntax.EXPLICIT_VR_BIG_ENDIAN
                ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid() : transferSyntax;
        Dataset newMeta = metaFor(
                meta.getString(Tag.MediaStorageSOPClassUID).or(() -> dataset.getString(Tag.SOPClassUID)).orElse(""),
                meta.getString(Tag.MediaStorageSOPInstanceUID).or(() -> dataset.getString(Tag.SOPInstanceUID))
                        .orElse(""),
                target, meta.getString(Tag.SourceApplicationEntityTitle).orElse(null));
        try {
            out.write(new byte[PREAMBLE]);
            out.write(MAGIC);
            DatasetWriter.writeMeta(newMeta, out);
            DatasetWriter.write(dataset, TransferSyntax.encodingOf(target), out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out);
        return out.toByteArray();
    }

    /** The SOP class UID: from the meta group, else from the data set; empty string when neither has it. */
    public String sopClassUid() {
        return meta.getString(Tag.MediaStorageSOPClassUID).or(() -> dataset.getString(Tag.SOPClassUID)).orElse("");
    }

    public String sopInstanceUid() {
        return meta.getString(Tag.MediaStorageSOPInstanceUID).or(() -> dataset.getString(Tag.SOPInstanceUID))
                .orElse("");
    }

    private static Dataset metaFor(String sopClass, String sopInstance, String transferSyntax, String sourceAe) {
        Dataset meta = new Dataset();
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClass);
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstance);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, transferSyntax);
        meta.setString(Tag.ImplementationClassUID, VR.UI, Uids.IMPLEMENTATION_CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, Uids.IMPLEMENTATION_VERSION_NAME);
        if (sourceAe != null && !sourceAe.isBlank()) {
            meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, sourceAe);
        }
        return meta;
    }

    static byte[] readBounded(InputStream in, long maxBytes, String what) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) > 0) {
                total += read;
                if (total > maxBytes) {
                    throw new DicomException(what + " is larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] inflate(byte[] bytes, int start, long maxBytes) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(bytes, start, bytes.length - start);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            long total = 0;
            while (!inflater.finished()) {
                int count = inflater.inflate(buffer);
                if (count == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break; // truncated stream: parse what was inflated, the parser names what is missing
                }
                total += count;
                if (total > maxBytes) {
                    throw new DicomException("inflated data set is larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, count);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new DicomException("deflated data set at offset " + start + " is not a valid deflate stream: "
                    + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
