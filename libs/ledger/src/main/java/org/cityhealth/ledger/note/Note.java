package org.cityhealth.ledger.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A signed note (c2sp.org/signed-note): text followed by a blank line and signature lines
 * {@code "— <key name> base64(key ID || signature)"}.
 *
 * <p>An instance only exists for a note whose signatures from known keys all verified and
 * of which at least one did: {@link #open} is the only way to get one. Signatures from
 * unknown keys are kept, unverified, so a relay can pass them on (they are how witnesses'
 * cosignatures and rotated keys travel).
 *
 * <p>Limits: at most 100 signature lines (what Go's reference implementation accepts; the
 * spec demands at least 16) and 1 MiB of UTF-8.
 */
public final class Note {

    private final String text;
    private final List<NoteSignature> verified;
    private final List<NoteSignature> unverified;

    private Note(String text, List<NoteSignature> verified, List<NoteSignature> unverified) {
        this.text = text;
        this.verified = List.copyOf(verified);
        this.unverified = List.copyOf(unverified);
    }

    /** The verified note text, ending in a newline. */
    public String text() {
        return text;
    }

    /**
     * Signatures by known keys, all verified, in note order. Identical lines appear once, but
     * one key can appear more than once (a witness cosigning the same checkpoint at two
     * times): count distinct keys, not entries, when checking a quorum.
     */
    public List<NoteSignature> verified() {
        return verified;
    }

    /** Signatures by keys the caller did not pass to {@link #open}, identical lines once. */
    public List<NoteSignature> unverified() {
        return unverified;
    }

    /**
     * Signs {@code text} with every signer and returns the signed note.
     *
     * @param text the note text; must end in a newline, be valid Unicode and contain no
     *     control character but newline
     * @param signers at least one
     * @throws IllegalArgumentException if the text or a signer's name is invalid, or the note
     *     would exceed the limits {@link #open} enforces
     */
    public static String sign(String text, List<NoteSigner> signers) {
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(signers, "signers is null");
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        try {
            NoteSyntax.checkCharacters(text, "note text");
        } catch (NoteException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("a signed note needs at least one signer");
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text).append('\n');
        for (NoteSigner signer : signers) {
            out.append(new NoteSignature(signer.name(), signer.keyHash(), signer.sign(message)).line())
                    .append('\n');
        }
        String signed = out.toString();
        checkLimits(signed, signers.size());
        return signed;
    }

    /**
     * Parses {@code signedNote} strictly and verifies it against the {@code known} keys.
     *
     * <p>Per the spec: signatures whose (name, key ID) match no known key are ignored (kept
     * in {@link #unverified()}); every signature from a known key must verify, else the whole
     * note is rejected; at least one must be present.
     *
     * @param known the trusted keys; no two may share name and key ID
     * @throws NoteException if the note is malformed, a known key's signature does not verify
     *     or no known key signed it
     * @throws IllegalArgumentException if two known keys share name and key ID (a
     *     configuration error: the note could not be attributed)
     */
    public static Note open(String signedNote, List<NoteVerifier> known) throws NoteException {
        Objects.requireNonNull(known, "known is null");
        Map<KeyId, NoteVerifier> byId = new HashMap<>();
        for (NoteVerifier v : known) {
            if (byId.put(new KeyId(v.name(), v.keyHash()), v) != null) {
                throw new IllegalArgumentException(String.format(
                        "two known keys share the name %s and key ID %08x", v.name(), v.keyHash()));
            }
        }
        ParsedNote parsed = parse(signedNote);
        byte[] message = parsed.text().getBytes(StandardCharsets.UTF_8);
        Set<NoteSignature> verified = new LinkedHashSet<>();
        Set<NoteSignature> unverified = new LinkedHashSet<>();
        for (NoteSignature sig : parsed.signatures()) {
            NoteVerifier verifier = byId.get(new KeyId(sig.name(), sig.keyHash()));
            if (verifier == null) {
                unverified.add(sig);
            } else if (verified.contains(sig) || verifier.verify(message, sig.signature())) {
                verified.add(sig);
            } else {
                throw new NoteException(String.format(
                        "signature by known key %s+%08x does not verify", sig.name(), sig.keyHash()));
            }
        }
        if (verified.isEmpty()) {
            throw new NoteException(parsed.signatures().size()
                    + " signature(s), none by a known key: the note is not trusted");
        }
        return new Note(parsed.text(), new ArrayList<>(verified), new ArrayList<>(unverified));
    }

    /**
     * Parses {@code signedNote} strictly without verifying any signature.
     *
     * @throws NoteException if the note is malformed or exceeds the limits
     */
    public static ParsedNote parse(String signedNote) throws NoteException {
        if (signedNote == null) {
            throw new NoteException("signed note is missing");
        }
        if (signedNote.length() > NoteSyntax.MAX_NOTE_BYTES) {
            throw new NoteException("signed note is larger than " + NoteSyntax.MAX_NOTE_BYTES + " bytes");
        }
        int bytes = NoteSyntax.checkCharacters(signedNote, "signed note");
        if (bytes > NoteSyntax.MAX_NOTE_BYTES) {
            throw new NoteException("signed note is larger than " + NoteSyntax.MAX_NOTE_BYTES + " bytes");
        }
        int split = signedNote.lastIndexOf("\n\n");
        if (split < 0) {
            throw new NoteException("signed note has no blank line before its signatures");
        }
        String text = signedNote.substring(0, split + 1);
        String block = signedNote.substring(split + 2);
        if (block.isEmpty()) {
            throw new NoteException("signed note has no signature lines");
        }
        if (!block.endsWith("\n")) {
            throw new NoteException("signed note does not end with a newline");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        int start = 0;
        while (start < block.length()) {
            int end = block.indexOf('\n', start);
            if (signatures.size() == NoteSyntax.MAX_SIGNATURES) {
                throw new NoteException("signed note has more than " + NoteSyntax.MAX_SIGNATURES + " signatures");
            }
            signatures.add(NoteSignature.parseLine(block.substring(start, end)));
            start = end + 1;
        }
        return new ParsedNote(text, signatures);
    }

    /**
     * Appends signature lines (e.g. the cosignatures a witness returned) to a signed note;
     * a line identical to one already present is dropped. Nothing is verified: whoever reads
     * the result checks the signatures with {@link #open}.
     *
     * @param signatureLines lines {@code "— <name> <base64>"}, with or without the final newline
     * @throws IllegalArgumentException if the note or a line is malformed, or the result would
     *     exceed the note limits
     */
    public static String addSignatures(String signedNote, List<String> signatureLines) {
        Objects.requireNonNull(signatureLines, "signatureLines is null");
        ParsedNote parsed;
        try {
            parsed = parse(signedNote);
        } catch (NoteException e) {
            throw new IllegalArgumentException("cannot add signatures to a malformed note: " + e.getMessage());
        }
        Set<NoteSignature> all = new LinkedHashSet<>(parsed.signatures());
        for (String line : signatureLines) {
            String bare = line != null && line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
            try {
                all.add(NoteSignature.parseLine(bare));
            } catch (NoteException e) {
                throw new IllegalArgumentException("malformed signature line: " + e.getMessage());
            }
        }
        StringBuilder out = new StringBuilder(parsed.text()).append('\n');
        for (NoteSignature sig : all) {
            out.append(sig.line()).append('\n');
        }
        String merged = out.toString();
        checkLimits(merged, all.size());
        return merged;
    }

    private static void checkLimits(String signedNote, int signatures) {
        if (signatures > NoteSyntax.MAX_SIGNATURES) {
            throw new IllegalArgumentException(
                    "a note may carry at most " + NoteSyntax.MAX_SIGNATURES + " signatures");
        }
        if (signedNote.getBytes(StandardCharsets.UTF_8).length > NoteSyntax.MAX_NOTE_BYTES) {
            throw new IllegalArgumentException(
                    "the signed note would be larger than " + NoteSyntax.MAX_NOTE_BYTES + " bytes");
        }
    }

    private record KeyId(String name, long keyHash) {}
}
