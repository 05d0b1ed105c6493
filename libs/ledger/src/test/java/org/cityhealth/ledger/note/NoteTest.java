package org.cityhealth.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityhealth.ledger.note.NoteKeysTest.ENOCH_VKEY;
import static org.cityhealth.ledger.note.NoteKeysTest.PETER_SKEY;
import static org.cityhealth.ledger.note.NoteKeysTest.PETER_VKEY;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Signing and opening notes, against the published vectors of Go's sumdb/note and C2SP. */
class NoteTest {

    // golang.org/x/mod sumdb/note/note_test.go (TestSign, TestOpen).
    static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String PETER_SIG = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    static final String ENOCH_SIG = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private static final NoteVerifier PETER = NoteKeys.verifier(PETER_VKEY);
    private static final NoteVerifier ENOCH = NoteKeys.verifier(ENOCH_VKEY);

    @Test
    void signingReproducesGoReferenceNote() {
        assertThat(Note.sign(TEXT, List.of(NoteKeys.signer(PETER_SKEY)))).isEqualTo(TEXT + "\n" + PETER_SIG);
    }

    @Test
    void openSeparatesVerifiedFromUnknownSignatures() throws NoteException {
        Note note = Note.open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, List.of(PETER));

        assertThat(note.text()).isEqualTo(TEXT);
        assertThat(note.verified()).extracting(NoteSignature::line).containsExactly(PETER_SIG.strip());
        assertThat(note.verified().get(0).keyHash()).isEqualTo(0xc74f20a3L);
        assertThat(note.unverified()).extracting(NoteSignature::line).containsExactly(ENOCH_SIG.strip());

        Note both = Note.open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, List.of(PETER, ENOCH));
        assertThat(both.verified()).extracting(NoteSignature::name).containsExactly("PeterNeumann", "EnochRoot");
        assertThat(both.unverified()).isEmpty();
    }

    @Test
    void noteWithoutKnownSignatureIsRejected() {
        assertThatThrownBy(() -> Note.open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, List.of()))
                .isInstanceOf(NoteException.class).hasMessageContaining("none by a known key");
    }

    @Test
    void invalidSignatureFromKnownKeyRejectsTheWholeNote() {
        // Go's "Invalid signature" case: four base64 characters inserted into the signature.
        String bad = TEXT + "\n" + PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60) + ENOCH_SIG;
        assertThatThrownBy(() -> Note.open(bad, List.of(PETER, ENOCH)))
                .isInstanceOf(NoteException.class)
                .hasMessageContaining("PeterNeumann+c74f20a3 does not verify");
    }

    @Test
    void duplicateLinesAreDroppedAndUnknownGarbageIsKept() throws NoteException {
        // Go's "Duplicated verified and unverified signatures" case.
        String enochAbcd = ENOCH_SIG.substring(0, 60) + "ABCD" + ENOCH_SIG.substring(60);
        Note note = Note.open(TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + enochAbcd, List.of(PETER));

        assertThat(note.verified()).hasSize(1);
        assertThat(note.unverified()).extracting(NoteSignature::line)
                .containsExactly(ENOCH_SIG.strip(), enochAbcd.strip());
    }

    @Test
    void tooManySignaturesAreRejected() throws NoteException {
        // Go's limit is 100 signature lines; 101 is malformed even if all verify.
        assertThat(Note.open(TEXT + "\n" + PETER_SIG.repeat(100), List.of(PETER)).verified()).hasSize(1);
        assertThatThrownBy(() -> Note.open(TEXT + "\n" + PETER_SIG.repeat(101), List.of(PETER)))
                .isInstanceOf(NoteException.class).hasMessageContaining("more than 100");
        assertThatThrownBy(() -> Note.parse(TEXT + "\n" + PETER_SIG.repeat(101)))
                .isInstanceOf(NoteException.class);
    }

    @Test
    void malformedNotesAreRejected() {
        // Go's "Invalid encoded message syntax" list, plus cases of the C2SP rules.
        List<String> bad = List.of(
                TEXT,
                TEXT + "\n",
                TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
                "\u0001" + TEXT + "\n" + PETER_SIG,
                "\ud800" + TEXT + "\n" + PETER_SIG,
                TEXT + "\n" + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
                TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
                TEXT + "\n" + PETER_SIG.replace("\u2014", "-"),
                TEXT + "\n" + PETER_SIG.replace("=\n", "\n"),
                TEXT + "\n" + PETER_SIG.replace("\n", "\r\n"),
                TEXT + "\n" + "\u2014 a+b x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                TEXT + "\n" + "\u2014 PeterNeumann x08go\n",
                TEXT + "\n" + "\u2014 PeterNeumann \n",
                TEXT + "\n" + PETER_SIG + "\n" + PETER_SIG.replace("\n", ""),
                TEXT.replace("\n", "\t") + "\n\n" + PETER_SIG);
        for (String note : bad) {
            assertThatThrownBy(() -> Note.parse(note)).as(note).isInstanceOf(NoteException.class);
            assertThatThrownBy(() -> Note.open(note, List.of(PETER))).as(note).isInstanceOf(NoteException.class);
        }
    }

    @Test
    void oversizedNotesAreRejected() {
        String huge = "x".repeat(NoteSyntax.MAX_NOTE_BYTES) + "\n\n" + PETER_SIG;
        assertThatThrownBy(() -> Note.parse(huge)).isInstanceOf(NoteException.class).hasMessageContaining("larger");
        // 3-byte characters: few chars, many bytes.
        String wide = "\u4e2d".repeat(NoteSyntax.MAX_NOTE_BYTES / 3 + 1) + "\n\n" + PETER_SIG;
        assertThatThrownBy(() -> Note.parse(wide)).isInstanceOf(NoteException.class).hasMessageContaining("larger");
    }

    // google/trillian-examples formats/log/checkpoint_test.go (TestSumDBNoteParsing): a real
    // checkpoint of the Go checksum database and its public key.
    @Test
    void realGoChecksumDatabaseCheckpointVerifies() throws NoteException {
        NoteVerifier sumdb = NoteKeys.verifier("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8");
        String signed = "go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n"
                + "\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n";

        Checkpoint checkpoint = Checkpoint.parse(Note.open(signed, List.of(sumdb)).text());

        assertThat(checkpoint.origin()).isEqualTo("go.sum database tree");
        assertThat(checkpoint.size()).isEqualTo(6476701L);
        assertThat(checkpoint.rootHash()).hasSize(32);
        assertThatThrownBy(() -> Note.open(signed.replace("6476701", "6476702"), List.of(sumdb)))
                .isInstanceOf(NoteException.class).hasMessageContaining("does not verify");
    }

    // The example of c2sp.org/signed-note: the text has an empty line of its own, and the
    // last empty line separates text from signatures.
    @Test
    void specExampleParses() throws NoteException {
        String text = "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned \u00e8 subito sera.\n";
        String line = "\u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=";

        ParsedNote parsed = Note.parse(text + "\n" + line + "\n");

        assertThat(parsed.text()).isEqualTo(text);
        assertThat(parsed.signatures()).singleElement().satisfies(sig -> {
            assertThat(sig.name()).isEqualTo("quasimodo.example/salvatore");
            assertThat(sig.keyHash()).isEqualTo(0x367BA04BL);
            assertThat(sig.signature()).hasSize(64);
            assertThat(sig.line()).isEqualTo(line);
        });
    }

    @Test
    void textsWithBlankLinesRoundTrip() throws NoteException {
        NoteSigner signer = NoteKeys.signer(PETER_SKEY);
        for (String text : List.of("\n", "a\n\n", "a\n\n\nb\n", "\n\n\n", "\u2014 looks like a signature\n\n")) {
            Note note = Note.open(Note.sign(text, List.of(signer)), List.of(PETER));
            assertThat(note.text()).isEqualTo(text);
        }
    }

    @Test
    void signRejectsTextThatCannotBeANote() {
        List<NoteSigner> signers = List.of(NoteKeys.signer(PETER_SKEY));
        assertThatThrownBy(() -> Note.sign("no newline", signers)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Note.sign("tab\there\n", signers)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Note.sign("lone \udc00 surrogate\n", signers)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Note.sign(TEXT, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Note.sign("x".repeat(NoteSyntax.MAX_NOTE_BYTES) + "\n", signers))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void knownKeysMustBeUnambiguous() {
        assertThatThrownBy(() -> Note.open(TEXT + "\n" + PETER_SIG, List.of(PETER, NoteKeys.verifier(PETER_VKEY))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PeterNeumann");
    }

    @Test
    void signatureFromSameNameButOtherKeyIdIsIgnored() throws NoteException {
        // "Verifiers MUST ignore signatures from unknown keys, even if they share a name or ID
        // (but not both) with a known key."
        NoteKeyPair impostor = NoteKeys.generate("PeterNeumann", KeyType.ED25519);
        String signed = Note.sign(TEXT, List.of(NoteKeys.signer(impostor.signerKey()))) + PETER_SIG;

        Note note = Note.open(signed, List.of(PETER));

        assertThat(note.verified()).extracting(NoteSignature::line).containsExactly(PETER_SIG.strip());
        assertThat(note.unverified()).singleElement().extracting(NoteSignature::name).isEqualTo("PeterNeumann");
    }

    @Test
    void addSignaturesMergesAndDeduplicates() throws NoteException {
        String signed = TEXT + "\n" + PETER_SIG;

        String merged = Note.addSignatures(signed, List.of(ENOCH_SIG, ENOCH_SIG.strip(), PETER_SIG));

        assertThat(merged).isEqualTo(TEXT + "\n" + PETER_SIG + ENOCH_SIG);
        assertThat(Note.open(merged, List.of(PETER, ENOCH)).verified()).hasSize(2);
        assertThat(Note.addSignatures(signed, List.of())).isEqualTo(signed);
        assertThatThrownBy(() -> Note.addSignatures(signed, List.of("— not base64 !")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Note.addSignatures(signed, List.of(ENOCH_SIG + PETER_SIG)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Note.addSignatures(TEXT, List.of(ENOCH_SIG)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signatureLinesParseAndPrint() throws NoteException {
        NoteSignature sig = NoteSignature.parseLine(PETER_SIG.strip());
        assertThat(sig.name()).isEqualTo("PeterNeumann");
        assertThat(sig.keyHash()).isEqualTo(0xc74f20a3L);
        assertThat(sig.line()).isEqualTo(PETER_SIG.strip());
        assertThat(sig).isEqualTo(NoteSignature.parseLine(PETER_SIG.strip())).hasSameHashCodeAs(NoteSignature.parseLine(PETER_SIG.strip()));
        assertThat(sig.toString()).contains("c74f20a3").doesNotContain("x08go");
        assertThatThrownBy(() -> new NoteSignature("a b", 1, new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NoteSignature("a", 1L << 32, new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NoteSignature("a", 1, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
