package org.cityhealth.ledger.note;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transparency log checkpoint (c2sp.org/tlog-checkpoint): the text of a signed note
 * naming the log (origin), its tree size and its Merkle root, plus optional extension lines.
 *
 * <pre>
 * example.com/behind-the-sofa
 * 20852163
 * CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
 * </pre>
 *
 * <p>Sizes are limited to {@link Long#MAX_VALUE}, the range {@code MerkleVerifier} works in.
 * The root hash length is not fixed here (it depends on the log's hash function); whoever
 * verifies proofs against it checks it.
 *
 * @param origin the log identity, non-empty; no newline or control character
 * @param size the tree size, {@code >= 0}
 * @param rootHash the Merkle root, non-empty (copied)
 * @param extensions optional extension lines, each non-empty (copied)
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    /** @throws IllegalArgumentException if a component cannot be written as a checkpoint */
    public Checkpoint {
        requireLine(origin, "origin");
        if (size < 0) {
            throw new IllegalArgumentException("tree size " + size + " is negative");
        }
        if (rootHash == null || rootHash.length == 0) {
            throw new IllegalArgumentException("root hash is empty");
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String extension : extensions) {
            requireLine(extension, "extension line");
        }
    }

    /** A checkpoint without extension lines. */
    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    /**
     * Parses a checkpoint from a note text (as returned by {@link Note#text()}, so it ends in
     * a newline): at least three non-empty lines, a decimal size without leading zeros, a
     * canonical base64 root hash, and non-empty extension lines.
     *
     * @throws NoteException if the text is not exactly such a checkpoint
     */
    public static Checkpoint parse(String noteText) throws NoteException {
        if (noteText == null) {
            throw new NoteException("checkpoint text is missing");
        }
        NoteSyntax.checkCharacters(noteText, "checkpoint");
        if (!noteText.endsWith("\n")) {
            throw new NoteException("checkpoint does not end with a newline");
        }
        List<String> lines = new ArrayList<>(
                Arrays.asList(noteText.substring(0, noteText.length() - 1).split("\n", -1)));
        if (lines.size() < 3) {
            throw new NoteException("checkpoint has " + lines.size() + " line(s), needs origin, size and root hash");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                throw new NoteException("checkpoint line " + (i + 1) + " is empty");
            }
        }
        long size = parseSize(lines.get(1));
        byte[] root = NoteSyntax.decodeBase64(lines.get(2));
        if (root == null) {
            throw new NoteException("checkpoint root hash is not canonical base64");
        }
        return new Checkpoint(lines.get(0), size, root, lines.subList(3, lines.size()));
    }

    /**
     * Parses a tree size: ASCII digits without leading zeros (except "0"), at most
     * {@link Long#MAX_VALUE}.
     *
     * @throws NoteException otherwise
     */
    static long parseSize(String decimal) throws NoteException {
        if (decimal.isEmpty() || decimal.length() > 19) {
            throw new NoteException("tree size is not a decimal number of 1 to 19 digits");
        }
        if (decimal.length() > 1 && decimal.charAt(0) == '0') {
            throw new NoteException("tree size has a leading zero");
        }
        long value = 0;
        for (int i = 0; i < decimal.length(); i++) {
            char c = decimal.charAt(i);
            if (c < '0' || c > '9') {
                throw new NoteException("tree size contains a character other than ASCII digits");
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw new NoteException("tree size is larger than " + Long.MAX_VALUE);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The checkpoint as note text: origin, size, base64 root and extensions, each ending in a newline. */
    public String text() {
        StringBuilder out = new StringBuilder()
                .append(origin).append('\n')
                .append(size).append('\n')
                .append(NoteSyntax.encodeBase64(rootHash)).append('\n');
        for (String extension : extensions) {
            out.append(extension).append('\n');
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint other
                && origin.equals(other.origin)
                && size == other.size
                && Arrays.equals(rootHash, other.rootHash)
                && extensions.equals(other.extensions);
    }

    @Override
    public int hashCode() {
        return ((origin.hashCode() * 31 + Long.hashCode(size)) * 31 + Arrays.hashCode(rootHash)) * 31
                + extensions.hashCode();
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + " @ " + size + ", root " + NoteSyntax.encodeBase64(rootHash)
                + (extensions.isEmpty() ? "" : ", " + extensions.size() + " extension line(s)") + "]";
    }

    private static void requireLine(String line, String what) {
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        try {
            NoteSyntax.checkCharacters(line, what);
        } catch (NoteException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " contains a newline");
        }
    }
}
