package org.cityhealth.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.cityhealth.ledger.note.Note;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The add-checkpoint request format of c2sp.org/tlog-witness. */
class AddCheckpointRequestTest {

    // The example request body of c2sp.org/tlog-witness.
    static final String SPEC_BODY = """
            old 20852014
            PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
            jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
            5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
            /6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

            example.com/behind-the-sofa
            20852163
            CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

            \u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
            \u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
            """;

    @Test
    void specExampleParses() throws Exception {
        AddCheckpointRequest request = AddCheckpointRequest.parse(SPEC_BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(request.oldSize()).isEqualTo(20852014L);
        assertThat(request.proof()).hasSize(4).allSatisfy(hash -> assertThat(hash).hasSize(32));
        assertThat(request.proof().get(0)).isEqualTo(Base64.getDecoder().decode("PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw="));
        assertThat(Note.parse(request.signedCheckpoint()).text())
                .isEqualTo("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
        assertThat(Note.parse(request.signedCheckpoint()).signatures()).hasSize(2);

        assertThat(new String(WitnessClient.formatRequest(request.oldSize(), request.proof(), request.signedCheckpoint()),
                StandardCharsets.UTF_8)).isEqualTo(SPEC_BODY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "old 0",
        "old 0\n",
        "old 0\n\n",
        "new 0\n\ncheckpoint\n",
        "old\n\ncheckpoint\n",
        "old -1\n\ncheckpoint\n",
        "old +1\n\ncheckpoint\n",
        "old 01\n\ncheckpoint\n",
        "old 1 \n\ncheckpoint\n",
        "old  1\n\ncheckpoint\n",
        "old 9223372036854775808\n\ncheckpoint\n",
        "old 1\r\n\r\ncheckpoint\n",
        "old 1\nnot base64\n\ncheckpoint\n",
        "old 1\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw\n\ncheckpoint\n",
        "old 1\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkax=\n\ncheckpoint\n",
        "old 1\n PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n\ncheckpoint\n",
    })
    void malformedBodiesAreRejected(String body) {
        assertThatThrownBy(() -> AddCheckpointRequest.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class);
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] body = "old 0\n\nx\n".getBytes(StandardCharsets.UTF_8);
        body[body.length - 2] = (byte) 0xc3;
        assertThatThrownBy(() -> AddCheckpointRequest.parse(body)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void atMost63ProofLines() throws Exception {
        String line = "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n";
        assertThat(AddCheckpointRequest.parse(("old 1\n" + line.repeat(63) + "\ncheckpoint\n").getBytes(StandardCharsets.UTF_8))
                .proof()).hasSize(63);
        assertThatThrownBy(() -> AddCheckpointRequest.parse(("old 1\n" + line.repeat(64) + "\ncheckpoint\n")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedRequestException.class).hasMessageContaining("63");

        List<byte[]> tooLong = Collections.nCopies(64, new byte[32]);
        assertThatThrownBy(() -> WitnessClient.formatRequest(1, tooLong, "c\n\n\u2014 k AAAAAAA=\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WitnessClient.formatRequest(-1, List.of(), "c\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WitnessClient.formatRequest(0, List.of(), "no newline"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formattedRequestsParseBackToTheirParts() {
        qt().withExamples(300).forAll(longs().between(0, Long.MAX_VALUE), integers().between(0, 63), integers().all())
                .checkAssert((oldSize, proofLength, seed) -> {
                    Random random = new Random(seed);
                    List<byte[]> proof = new ArrayList<>();
                    for (int i = 0; i < proofLength; i++) {
                        byte[] hash = new byte[1 + random.nextInt(48)];
                        random.nextBytes(hash);
                        proof.add(hash);
                    }
                    String checkpoint = "origin " + seed + "\n" + oldSize + "\nAA==\n\n\u2014 k AAAAAAA=\n";
                    try {
                        AddCheckpointRequest parsed =
                                AddCheckpointRequest.parse(WitnessClient.formatRequest(oldSize, proof, checkpoint));
                        assertThat(parsed.oldSize()).isEqualTo(oldSize);
                        assertThat(parsed.proof()).containsExactlyElementsOf(proof);
                        assertThat(parsed.signedCheckpoint()).isEqualTo(checkpoint);
                    } catch (MalformedRequestException e) {
                        throw new AssertionError("well-formed request rejected: " + e.getMessage(), e);
                    }
                });
    }

    @Test
    void garbageOnlyEverRaisesMalformedRequestException() {
        byte[] valid = SPEC_BODY.getBytes(StandardCharsets.UTF_8);
        qt().withExamples(1000).forAll(integers().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            byte[] body;
            if (random.nextBoolean()) {
                body = valid.clone();
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    body[random.nextInt(body.length)] = (byte) "\n o0l=+/A\u0080".charAt(random.nextInt(10));
                }
            } else {
                body = new byte[random.nextInt(200)];
                random.nextBytes(body);
            }
            try {
                AddCheckpointRequest.parse(body);
            } catch (MalformedRequestException expected) {
                // the documented failure
            }
        });
    }
}
