package org.cityhealth.dicom;

import java.util.List;
import java.util.Objects;

/**
 * An abstract syntax (a SOP class) with the transfer syntaxes proposed for it (PS3.8 §7.1.1.13), in order of
 * preference. Used by {@link DicomClient} to propose and by {@link DicomServer} to report.
 */
public record PresentationContext(String abstractSyntax, List<String> transferSyntaxes) {

    public PresentationContext {
        Objects.requireNonNull(abstractSyntax, "abstractSyntax is null");
        transferSyntaxes = List.copyOf(transferSyntaxes);
        if (transferSyntaxes.isEmpty()) {
            throw new IllegalArgumentException("a presentation context needs a transfer syntax: " + abstractSyntax);
        }
    }

    public static PresentationContext of(String abstractSyntax, String... transferSyntaxes) {
        return new PresentationContext(abstractSyntax, List.of(transferSyntaxes));
    }

    /** Verification with implicit VR little endian, which every SCP supports (PS3.5 §10.1). */
    public static PresentationContext verification() {
        return of(Uids.VERIFICATION, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
    }

    /** A storage context offering the given syntax first, then explicit and implicit VR little endian. */
    public static PresentationContext storage(String sopClass, String preferredTransferSyntax) {
        var syntaxes = new java.util.LinkedHashSet<String>();
        syntaxes.add(preferredTransferSyntax);
        syntaxes.add(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        syntaxes.add(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
        if (TransferSyntax.isEncapsulated(preferredTransferSyntax)) {
            // A compressed object cannot be sent in a native syntax without decompressing it, which we do not do.
            return of(sopClass, preferredTransferSyntax);
        }
        return new PresentationContext(sopClass, List.copyOf(syntaxes));
    }
}
