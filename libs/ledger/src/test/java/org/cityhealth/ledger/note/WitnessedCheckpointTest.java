package org.cityhealth.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WitnessedCheckpointTest {

    private static final NoteKeyPair LOG = NoteKeys.generate("log.example/ledger", KeyType.ED25519);
    private static final NoteKeyPair A = NoteKeys.generate("a.example/witness", KeyType.ED25519);
    private static final NoteKeyPair B = NoteKeys.generate("b.example/witness", KeyType.ED25519);
    private static final List<NoteVerifier> WITNESSES = List.of(NoteKeys.cosignatureVerifier(A.verifierKey()),
            NoteKeys.cosignatureVerifier(B.verifierKey()));
    private static final String TEXT = new Checkpoint("log.example/ledger", 5, new byte[32], List.of()).text();

    private static String cosign(String signed, NoteKeyPair witness, long second) {
        NoteSigner cosigner = NoteKeys.cosigner(witness.signerKey(), Clock.fixed(Instant.ofEpochSecond(second), ZoneOffset.UTC));
        String lines = Note.sign(TEXT, List.of(cosigner));
        return Note.addSignatures(signed, lines.substring(TEXT.length() + 1).lines().toList());
    }

    @Test
    void aQuorumOfDistinctWitnessesOpensTheCheckpoint() throws NoteException {
        String signed = cosign(cosign(Note.sign(TEXT, List.of(NoteKeys.signer(LOG.signerKey()))), A, 1_700_000_000), B, 1_700_000_001);
        WitnessedCheckpoint opened = WitnessedCheckpoint.open(signed, NoteKeys.verifier(LOG.verifierKey()), WITNESSES, 2);
        assertThat(opened.checkpoint().size()).isEqualTo(5);
        assertThat(opened.cosigners()).containsExactlyInAnyOrder("a.example/witness", "b.example/witness");
    }

    @Test
    void oneWitnessCosigningTwiceIsStillOneWitness() {
        String signed = cosign(cosign(Note.sign(TEXT, List.of(NoteKeys.signer(LOG.signerKey()))), A, 1_700_000_000), A, 1_700_000_009);
        assertThatThrownBy(() -> WitnessedCheckpoint.open(signed, NoteKeys.verifier(LOG.verifierKey()), WITNESSES, 2))
                .isInstanceOf(NoteException.class).hasMessage("cosigned by 1 known witnesses, the quorum is 2");
    }

    @Test
    void withoutTheLogsOwnSignatureOrUnderAnotherNameItIsRefused() {
        assertThatThrownBy(() -> WitnessedCheckpoint.open(Note.sign(TEXT, List.of(NoteKeys.signer(A.signerKey()))),
                NoteKeys.verifier(LOG.verifierKey()), List.of(NoteKeys.verifier(A.verifierKey())), 0))
                .isInstanceOf(NoteException.class).hasMessageContaining("not signed by the log key log.example/ledger");
        NoteKeyPair other = NoteKeys.generate("other.example/ledger", KeyType.ED25519);
        assertThatThrownBy(() -> WitnessedCheckpoint.open(Note.sign(TEXT, List.of(NoteKeys.signer(other.signerKey()))),
                NoteKeys.verifier(other.verifierKey()), WITNESSES, 0))
                .isInstanceOf(NoteException.class).hasMessageContaining("origin log.example/ledger is not the log key's name other.example/ledger");
    }
}
