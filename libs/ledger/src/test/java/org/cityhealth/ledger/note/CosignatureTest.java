package org.cityhealth.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityhealth.ledger.note.CheckpointTest.SPEC_TEXT;
import static org.cityhealth.ledger.note.NoteKeysTest.PETER_SKEY;
import static org.cityhealth.ledger.note.NoteKeysTest.PETER_VKEY;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * tlog-cosignature/v1 against an independent construction: the expected signature is made
 * with the JDK's own Ed25519 provider from the spec's message layout, not with our code.
 */
class CosignatureTest {

    /** The timestamp of the signed-message example in c2sp.org/tlog-cosignature. */
    private static final long SPEC_TIME = 1679315147L;

    @Test
    void cosignatureMatchesTheSpecLayoutByteForByte() throws Exception {
        NoteSigner cosigner = NoteKeys.cosigner(PETER_SKEY, clockAt(SPEC_TIME));

        String signed = Note.sign(SPEC_TEXT, List.of(cosigner));
        NoteSignature sig = Note.parse(signed).signatures().get(0);

        byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(PETER_SKEY.split("\\+", 5)[4]), 1, 33);
        byte[] publicKey = Arrays.copyOfRange(Base64.getDecoder().decode(PETER_VKEY.split("\\+", 3)[2]), 1, 33);
        // The spec's example message: header, timestamp line, then the checkpoint text.
        String message = "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
                + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        byte[] expected = ByteBuffer.allocate(72).putLong(SPEC_TIME).put(jdkEd25519(seed, message)).array();

        assertThat(sig.name()).isEqualTo("PeterNeumann");
        assertThat(sig.keyHash()).isEqualTo(NoteKeysTest.keyId("PeterNeumann", NoteSyntax.concat(new byte[] {4}, publicKey)));
        assertThat(sig.signature()).isEqualTo(expected);
    }

    @Test
    void witnessVkeyVerifiesCosignaturesOnlyAsCosignatureVerifier() throws NoteException {
        String signed = Note.sign(SPEC_TEXT, List.of(NoteKeys.cosigner(PETER_SKEY, clockAt(SPEC_TIME))));

        assertThat(Note.open(signed, List.of(NoteKeys.cosignatureVerifier(PETER_VKEY))).verified()).hasSize(1);
        assertThat(Note.open(signed, List.of(NoteKeys.verifier(NoteKeys.cosignatureVerifierKey(PETER_VKEY)))).verified())
                .hasSize(1);
        // The ordinary verifier has the 0x01 key ID, so it does not even consider the line.
        assertThatThrownBy(() -> Note.open(signed, List.of(NoteKeys.verifier(PETER_VKEY))))
                .isInstanceOf(NoteException.class).hasMessageContaining("none by a known key");
    }

    @Test
    void timestampAndExtensionLinesAreSigned() throws Exception {
        NoteVerifier verifier = NoteKeys.cosignatureVerifier(PETER_VKEY);
        String text = SPEC_TEXT + "extension\n";
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        byte[] sig = NoteKeys.cosigner(PETER_SKEY, clockAt(SPEC_TIME)).sign(message);
        assertThat(verifier.verify(message, sig)).isTrue();

        byte[] otherTime = sig.clone();
        otherTime[7]++;
        assertThat(verifier.verify(message, otherTime)).isFalse();
        assertThat(verifier.verify((SPEC_TEXT + "extensioN\n").getBytes(StandardCharsets.UTF_8), sig)).isFalse();
        assertThat(verifier.verify(message, Arrays.copyOf(sig, 71))).isFalse();
        assertThat(verifier.verify(message, Arrays.copyOf(sig, 73))).isFalse();
        assertThat(verifier.verify(message, Arrays.copyOfRange(sig, 8, 72))).isFalse();
    }

    @Test
    void timestampsAbove2To63MinusOneAreRejected() throws Exception {
        // A correctly signed cosignature whose u64 timestamp has the top bit set.
        byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(PETER_SKEY.split("\\+", 5)[4]), 1, 33);
        long huge = 1L << 63;
        byte[] sig = ByteBuffer.allocate(72).putLong(huge)
                .put(jdkEd25519(seed, "cosignature/v1\ntime " + Long.toUnsignedString(huge) + "\n" + SPEC_TEXT))
                .array();
        assertThat(NoteKeys.cosignatureVerifier(PETER_VKEY).verify(SPEC_TEXT.getBytes(StandardCharsets.UTF_8), sig))
                .isFalse();
    }

    @Test
    void cosignerSignsOnlyCheckpointsAndOnlyAfter1970() {
        NoteSigner cosigner = NoteKeys.cosigner(PETER_SKEY, clockAt(SPEC_TIME));
        assertThatThrownBy(() -> Note.sign("not a checkpoint\n", List.of(cosigner)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpoints");
        assertThatThrownBy(() -> cosigner.sign(new byte[] {(byte) 0xff, '\n'}))
                .isInstanceOf(IllegalArgumentException.class);
        NoteSigner early = NoteKeys.cosigner(PETER_SKEY, clockAt(-1));
        assertThatThrownBy(() -> Note.sign(SPEC_TEXT, List.of(early))).isInstanceOf(IllegalStateException.class);
    }

    private static Clock clockAt(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    private static byte[] jdkEd25519(byte[] seed, String message) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
        signer.update(message.getBytes(StandardCharsets.UTF_8));
        return signer.sign();
    }
}
