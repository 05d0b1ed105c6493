package org.cityhealth.ledger.witness;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The body of a tlog-witness add-checkpoint request: {@code "old <size>\n"}, up to 63
 * base64 consistency proof lines, an empty line, then the signed checkpoint note.
 */
record AddCheckpointRequest(long oldSize, List<byte[]> proof, String signedCheckpoint) {

    /** The protocol's cap on proof lines: a proof has at most one hash per level of a 2^63 tree. */
    static final int MAX_PROOF_LINES = 63;

    AddCheckpointRequest {
        proof = proof.stream().map(byte[]::clone).toList();
    }

    /** @throws MalformedRequestException if the body does not have exactly that shape */
    static AddCheckpointRequest parse(byte[] body) throws MalformedRequestException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRequestException("request body is not valid UTF-8");
        }
        int end = text.indexOf('\n');
        if (end < 0 || !text.startsWith("old ")) {
            throw new MalformedRequestException("request must start with a line \"old <size>\"");
        }
        long oldSize = parseSize(text.substring(4, end));
        List<byte[]> proof = new ArrayList<>();
        int start = end + 1;
        while (true) {
            end = text.indexOf('\n', start);
            if (end < 0) {
                throw new MalformedRequestException("request has no empty line before the checkpoint");
            }
            if (end == start) {
                break;
            }
            if (proof.size() == MAX_PROOF_LINES) {
                throw new MalformedRequestException("request has more than " + MAX_PROOF_LINES + " proof lines");
            }
            byte[] hash = decodeBase64(text.substring(start, end));
            if (hash == null) {
                throw new MalformedRequestException("proof line " + (proof.size() + 1) + " is not canonical base64");
            }
            proof.add(hash);
            start = end + 1;
        }
        String checkpoint = text.substring(end + 1);
        if (checkpoint.isEmpty()) {
            throw new MalformedRequestException("request has no checkpoint after the empty line");
        }
        return new AddCheckpointRequest(oldSize, proof, checkpoint);
    }

    /** @throws IllegalArgumentException if the parts cannot form a valid request */
    static byte[] format(long oldSize, List<byte[]> proof, String signedCheckpoint) {
        Objects.requireNonNull(proof, "proof is null");
        Objects.requireNonNull(signedCheckpoint, "signedCheckpoint is null");
        if (oldSize < 0) {
            throw new IllegalArgumentException("old size " + oldSize + " is negative");
        }
        if (proof.size() > MAX_PROOF_LINES) {
            throw new IllegalArgumentException(
                    "a consistency proof has at most " + MAX_PROOF_LINES + " hashes, got " + proof.size());
        }
        if (!signedCheckpoint.endsWith("\n")) {
            throw new IllegalArgumentException("a signed checkpoint ends with a newline");
        }
        StringBuilder out = new StringBuilder("old ").append(oldSize).append('\n');
        for (byte[] hash : proof) {
            if (hash == null || hash.length == 0) {
                throw new IllegalArgumentException("a consistency proof hash is empty");
            }
            out.append(Base64.getEncoder().encodeToString(hash)).append('\n');
        }
        return out.append('\n').append(signedCheckpoint).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long parseSize(String decimal) throws MalformedRequestException {
        if (decimal.isEmpty() || decimal.length() > 19
                || (decimal.length() > 1 && decimal.charAt(0) == '0')
                || !decimal.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedRequestException("old size must be a decimal number without leading zeros");
        }
        try {
            return Long.parseLong(decimal);
        } catch (NumberFormatException e) {
            throw new MalformedRequestException("old size is larger than " + Long.MAX_VALUE);
        }
    }

    /** Canonical padded base64 only, so one proof has one encoding. */
    private static byte[] decodeBase64(String line) {
        try {
            byte[] decoded = Base64.getDecoder().decode(line);
            return decoded.length > 0 && Base64.getEncoder().encodeToString(decoded).equals(line) ? decoded : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
