package org.cityhealth.hub.vault;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the vault gives back for a submission: its manifest row, whether it repeats an earlier one, and the
 * raw bytes to process (kept in memory for small bodies, in a spool file for large ones, deleted on close).
 */
public final class Receipt implements AutoCloseable {

    private final VaultSubmission submission;
    private final boolean duplicate;
    private final byte[] inMemory;
    private final Path spoolFile;

    Receipt(VaultSubmission submission, boolean duplicate, byte[] inMemory, Path spoolFile) {
        this.submission = submission;
        this.duplicate = duplicate;
        this.inMemory = inMemory;
        this.spoolFile = spoolFile;
    }

    public VaultSubmission submission() {
        return submission;
    }

    /** True when the source sent these exact bytes before: the caller answers with the earlier outcome. */
    public boolean duplicate() {
        return duplicate;
    }

    public InputStream openRaw() throws IOException {
        return inMemory != null ? new ByteArrayInputStream(inMemory) : Files.newInputStream(spoolFile);
    }

    @Override
    public void close() {
        if (spoolFile != null) {
            try {
                Files.deleteIfExists(spoolFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
