package org.cityhealth.hub.feeds;

import java.io.IOException;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/** The text of a PDF report (Apache PDFBox), which makes it searchable: exam centres' reports, PDFs inside HL7 messages. */
public final class PdfText {

    /** Why a PDF's text could not be read. */
    public enum Trouble { ENCRYPTED, PASSWORD, UNREADABLE }

    /** The PDF's text could not be read, for {@link #trouble()}. */
    public static final class UnreadablePdfException extends Exception {
        private final Trouble trouble;

        UnreadablePdfException(Trouble trouble) {
            super(trouble.name());
            this.trouble = trouble;
        }

        public Trouble trouble() {
            return trouble;
        }
    }

    private PdfText() {
    }

    /** The text; an encrypted (even with permissions only), password-protected or damaged file throws. */
    public static String extract(byte[] pdf) throws UnreadablePdfException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            if (document.isEncrypted()) {
                throw new UnreadablePdfException(Trouble.ENCRYPTED);
            }
            return new PDFTextStripper().getText(document);
        } catch (InvalidPasswordException e) {
            throw new UnreadablePdfException(Trouble.PASSWORD);
        } catch (IOException | RuntimeException e) {
            // PDFBox reports damage with many exception types; to the caller they all mean the same.
            throw new UnreadablePdfException(Trouble.UNREADABLE);
        }
    }

    /** The text, or empty when it cannot be read. */
    public static Optional<String> of(byte[] pdf) {
        try {
            return Optional.of(extract(pdf));
        } catch (UnreadablePdfException e) {
            return Optional.empty();
        }
    }
}
