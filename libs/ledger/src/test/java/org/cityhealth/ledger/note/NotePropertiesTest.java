package org.cityhealth.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Properties of notes, checkpoints and keys over random inputs: round trips hold, any
 * single-character change to a singly-signed note is rejected, and garbage never raises
 * anything but the documented exception.
 */
class NotePropertiesTest {

    private static final int EXAMPLES = 200;

    /** Characters that stress the grammar: separators, base64, em dash, spaces, controls, surrogates. */
    private static final String[] GARBAGE = {
        "a", "Z", "0", "9", "+", "/", "=", " ", "\n", "\n\n", "\u2014", "\u2014 ", "\t", "\r", "\u0000", "\u001f",
        "\u007f", "\u00a0", "\u3000", "\ud800", "\udc00", "\ud83d\ude00", "\u4e2d", "\ufffd", "old ", "-",
    };
    /** Characters valid anywhere in a note text (no control, no lone surrogate). */
    private static final String[] TEXT_CHARS = {
        "a", "b", "Z", "7", " ", "+", "/", "=", ".", "\u2014", "\u00e8", "\u4e2d", "\u6587", "\ud83d\ude00", "\u00a0", "\u007f",
    };

    private static final List<NoteSigner> SIGNERS = new ArrayList<>();
    private static final List<NoteVerifier> VERIFIERS = new ArrayList<>();
    private static final List<String> VERIFIER_KEYS = new ArrayList<>();
    private static final List<String> SIGNER_KEYS = new ArrayList<>();

    static {
        KeyType[] types = {KeyType.ED25519, KeyType.SM2, KeyType.ED25519, KeyType.SM2, KeyType.ED25519};
        for (int i = 0; i < types.length; i++) {
            NoteKeyPair pair = NoteKeys.generate("key" + i + ".example/\u65e5\u5fd7", types[i]);
            SIGNERS.add(NoteKeys.signer(pair.signerKey()));
            VERIFIERS.add(NoteKeys.verifier(pair.verifierKey()));
            SIGNER_KEYS.add(pair.signerKey());
            VERIFIER_KEYS.add(pair.verifierKey());
        }
    }

    @Test
    void signThenOpenReturnsTheTextAndExactlyTheKnownSigners() {
        qt().withExamples(EXAMPLES).forAll(integers().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            String text = randomText(random);
            List<Integer> signedBy = randomSubset(random, SIGNERS.size());
            if (signedBy.isEmpty()) {
                signedBy.add(random.nextInt(SIGNERS.size()));
            }
            List<Integer> known = randomSubset(random, SIGNERS.size());
            String signed = Note.sign(text, signedBy.stream().map(SIGNERS::get).toList());

            Set<Integer> knownSigners = new HashSet<>(signedBy);
            knownSigners.retainAll(known);
            try {
                Note note = Note.open(signed, known.stream().map(VERIFIERS::get).toList());
                assertThat(knownSigners).isNotEmpty();
                assertThat(note.text()).isEqualTo(text);
                assertThat(note.verified()).extracting(NoteSignature::name)
                        .containsExactlyInAnyOrderElementsOf(knownSigners.stream().map(i -> SIGNERS.get(i).name()).toList());
                assertThat(note.verified().size() + note.unverified().size()).isEqualTo(signedBy.size());
            } catch (NoteException e) {
                assertThat(knownSigners).as("rejected although a known key signed: %s", e.getMessage()).isEmpty();
            }
        });
    }

    @Test
    void anySingleCharacterChangeToASinglySignedNoteIsRejected() {
        qt().withExamples(EXAMPLES).forAll(integers().all(), integers().between(0, SIGNERS.size() - 1))
                .checkAssert((seed, key) -> {
                    Random random = new Random(seed);
                    String signed = Note.sign(randomText(random), List.of(SIGNERS.get(key)));
                    List<NoteVerifier> known = List.of(VERIFIERS.get(key));
                    for (int i = 0; i < 10; i++) {
                        String tampered = tamper(signed, random);
                        assertThatThrownBy(() -> Note.open(tampered, known))
                                .as("tampered note accepted:\n%s", tampered)
                                .isInstanceOf(NoteException.class);
                    }
                });
    }

    @Test
    void tamperingAMultiplySignedNoteNeverYieldsOtherTextOrForeignSignatures() {
        qt().withExamples(EXAMPLES).forAll(integers().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            String text = randomText(random);
            String signed = Note.sign(text, SIGNERS);
            Set<NoteSignature> original;
            try {
                original = new HashSet<>(Note.parse(signed).signatures());
            } catch (NoteException e) {
                throw new AssertionError(e);
            }
            for (int i = 0; i < 10; i++) {
                String tampered = tamper(signed, random);
                try {
                    Note note = Note.open(tampered, VERIFIERS);
                    assertThat(note.text()).isEqualTo(text);
                    assertThat(original).containsAll(note.verified());
                } catch (NoteException expected) {
                    // rejected: fine
                }
            }
        });
    }

    @Test
    void garbageOnlyEverRaisesNoteException() {
        String valid = Note.sign(CheckpointTest.SPEC_TEXT, SIGNERS);
        qt().withExamples(1000).forAll(integers().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            String input = random.nextBoolean() ? randomGarbage(random) : mutate(valid, random);
            onlyNoteException(() -> Note.parse(input));
            onlyNoteException(() -> Note.open(input, VERIFIERS));
            onlyNoteException(() -> Checkpoint.parse(input));
            onlyNoteException(() -> NoteSignature.parseLine(input));
            int blank = input.lastIndexOf("\n\n");
            if (blank >= 0) {
                onlyNoteException(() -> Checkpoint.parse(input.substring(0, blank + 1)));
            }
        });
    }

    @Test
    void garbageKeysOnlyEverRaiseIllegalArgumentException() {
        List<Function<String, ?>> loaders = List.of(NoteKeys::verifier, NoteKeys::signer, NoteKeys::verifierKeyOf,
                NoteKeys::cosignatureVerifier, NoteKeys::cosignatureVerifierKey,
                k -> NoteKeys.cosigner(k, Clock.systemUTC()));
        qt().withExamples(1000).forAll(integers().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            List<String> keys = random.nextBoolean() ? VERIFIER_KEYS : SIGNER_KEYS;
            String input = random.nextInt(4) == 0 ? randomGarbage(random) : mutate(keys.get(random.nextInt(keys.size())), random);
            for (Function<String, ?> load : loaders) {
                try {
                    load.apply(input);
                } catch (IllegalArgumentException expected) {
                    // the documented failure
                }
            }
        });
    }

    @Test
    void checkpointsRoundTripThroughTextAndCosignatures() {
        NoteKeyPair witness = NoteKeys.generate("witness.example/w1", KeyType.ED25519);
        NoteVerifier cosignatures = NoteKeys.cosignatureVerifier(witness.verifierKey());
        qt().withExamples(EXAMPLES).forAll(integers().all(), longs().between(0, Long.MAX_VALUE))
                .checkAssert((seed, size) -> {
                    Random random = new Random(seed);
                    byte[] root = new byte[1 + random.nextInt(48)];
                    random.nextBytes(root);
                    List<String> extensions = new ArrayList<>();
                    for (int i = random.nextInt(3); i > 0; i--) {
                        extensions.add(randomLine(random, 1));
                    }
                    Checkpoint checkpoint = new Checkpoint(randomLine(random, 1), size, root, extensions);
                    long time = random.nextLong() >>> 1;
                    NoteSigner cosigner = NoteKeys.cosigner(witness.signerKey(),
                            Clock.fixed(Instant.ofEpochSecond(time % 31_000_000_000L), ZoneOffset.UTC));
                    try {
                        assertThat(Checkpoint.parse(checkpoint.text())).isEqualTo(checkpoint);
                        Note note = Note.open(Note.sign(checkpoint.text(), List.of(cosigner)), List.of(cosignatures));
                        assertThat(Checkpoint.parse(note.text())).isEqualTo(checkpoint);
                    } catch (NoteException e) {
                        fail("valid checkpoint rejected: " + e.getMessage());
                    }
                });
    }

    @Test
    void signatureLinesRoundTrip() {
        qt().withExamples(EXAMPLES).forAll(integers().all(), longs().between(0, 0xffff_ffffL))
                .checkAssert((seed, keyHash) -> {
                    Random random = new Random(seed);
                    byte[] signature = new byte[1 + random.nextInt(100)];
                    random.nextBytes(signature);
                    String name = randomLine(random, 1).replaceAll("[\\s\\u00a0\\u3000+]", "x");
                    NoteSignature sig = new NoteSignature(name, keyHash, signature);
                    try {
                        assertThat(NoteSignature.parseLine(sig.line())).isEqualTo(sig);
                    } catch (NoteException e) {
                        fail("valid line rejected: " + e.getMessage());
                    }
                });
    }

    /** Replaces, deletes or inserts one character (a surrogate pair counts as one). */
    static String tamper(String s, Random random) {
        int at = random.nextInt(s.length());
        // Step back to the start of a pair; a lone low surrogate (left by an earlier deletion) is a character of its own.
        if (at > 0 && Character.isLowSurrogate(s.charAt(at)) && Character.isHighSurrogate(s.charAt(at - 1))) {
            at--;
        }
        int width = Character.charCount(s.codePointAt(at));
        String current = s.substring(at, at + width);
        String replacement;
        do {
            replacement = GARBAGE[random.nextInt(GARBAGE.length)];
        } while (replacement.equals(current));
        return switch (random.nextInt(3)) {
            case 0 -> s.substring(0, at) + replacement + s.substring(at + width);
            case 1 -> s.substring(0, at) + s.substring(at + width);
            default -> s.substring(0, at) + replacement + s.substring(at);
        };
    }

    private static String mutate(String s, Random random) {
        for (int i = 1 + random.nextInt(4); i > 0 && !s.isEmpty(); i--) {
            s = tamper(s, random);
        }
        return s;
    }

    private static String randomGarbage(Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(120); i > 0; i--) {
            out.append(GARBAGE[random.nextInt(GARBAGE.length)]);
        }
        return out.toString();
    }

    static String randomText(Random random) {
        StringBuilder out = new StringBuilder();
        for (int line = random.nextInt(6); line >= 0; line--) {
            out.append(randomLine(random, 0)).append('\n');
        }
        return out.toString();
    }

    private static String randomLine(Random random, int minLength) {
        StringBuilder out = new StringBuilder();
        for (int i = minLength + random.nextInt(30); i > 0; i--) {
            out.append(TEXT_CHARS[random.nextInt(TEXT_CHARS.length)]);
        }
        return out.toString();
    }

    private static List<Integer> randomSubset(Random random, int n) {
        List<Integer> subset = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (random.nextBoolean()) {
                subset.add(i);
            }
        }
        return subset;
    }

    private interface NoteAction {
        void run() throws NoteException;
    }

    private static void onlyNoteException(NoteAction action) {
        try {
            action.run();
        } catch (NoteException expected) {
            // the documented failure
        }
    }
}
