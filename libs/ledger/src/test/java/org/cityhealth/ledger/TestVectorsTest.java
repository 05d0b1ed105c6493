package org.cityhealth.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every inclusion and consistency vector of transparency-dev/merkle (see
 * src/test/resources/merkle/README.md). Hashes are base64 (standard alphabet); sizes are
 * JSON unsigned 64-bit integers, narrowed to Java long the way a uint64 is reinterpreted
 * (2^64-1 becomes -1, which the verifier must reject like Go rejects an out-of-range index).
 * A JSON {@code null} proof is Go's nil slice, i.e. an empty proof.
 */
class TestVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Vector(String file, JsonNode json) {
        boolean wantErr() {
            return json.path("wantErr").asBoolean(false);
        }

        long number(String field) {
            return json.get(field).bigIntegerValue().longValue();
        }

        byte[] bytes(String field) {
            return Base64.getDecoder().decode(json.get(field).asText());
        }

        List<byte[]> proof() {
            List<byte[]> proof = new ArrayList<>();
            JsonNode node = json.get("proof");
            if (node != null && !node.isNull()) {
                node.forEach(e -> proof.add(Base64.getDecoder().decode(e.asText())));
            }
            return proof;
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Vector> inclusionVectors() {
        return vectors("inclusion");
    }

    static Stream<Vector> consistencyVectors() {
        return vectors("consistency");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionVectors")
    void inclusionVector(Vector v) {
        var verification = assertThatCode(() -> MerkleVerifier.verifyInclusion(
                HashFunction.SHA256,
                v.number("leafIdx"),
                v.number("treeSize"),
                v.bytes("leafHash"),
                v.proof(),
                v.bytes("root")));
        if (v.wantErr()) {
            verification.isInstanceOf(ProofException.class);
        } else {
            verification.doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistencyVectors")
    void consistencyVector(Vector v) {
        var verification = assertThatCode(() -> MerkleVerifier.verifyConsistency(
                HashFunction.SHA256,
                v.number("size1"),
                v.number("size2"),
                v.proof(),
                v.bytes("root1"),
                v.bytes("root2")));
        if (v.wantErr()) {
            verification.isInstanceOf(ProofException.class);
        } else {
            verification.doesNotThrowAnyException();
        }
    }

    /** Guards against the parameterised tests passing vacuously on a missing resource folder. */
    @Test
    void allVectorsArePresent() {
        List<Vector> inclusion = inclusionVectors().toList();
        List<Vector> consistency = consistencyVectors().toList();
        assertThat(inclusion).hasSize(98);
        assertThat(consistency).hasSize(98);
        assertThat(inclusion).anyMatch(Vector::wantErr).anyMatch(v -> !v.wantErr());
        assertThat(consistency).anyMatch(Vector::wantErr).anyMatch(v -> !v.wantErr());
    }

    /**
     * The happy-path vectors are built over the RFC 6962 reference tree (the 8 leaves in
     * {@link KnownAnswerTest#ENTRIES}), so our generator must reproduce their proofs and roots
     * byte for byte: this checks generation independently of our own verifier.
     */
    @Test
    void generatorReproducesHappyPathVectors() {
        MerkleHasher hasher = new MerkleHasher(HashFunction.SHA256);
        List<byte[]> reference = KnownAnswerTest.ENTRIES.stream().map(hasher::leafHash).toList();
        List<Vector> happy = Stream.concat(inclusionVectors(), consistencyVectors())
                .filter(v -> v.file().endsWith("happy-path.json"))
                .toList();
        assertThat(happy).hasSize(10);
        for (Vector v : happy) {
            if (v.json().has("leafIdx")) {
                List<byte[]> leaves = reference.subList(0, (int) v.number("treeSize"));
                int index = (int) v.number("leafIdx");
                assertThat(v.bytes("leafHash")).as(v.file()).isEqualTo(leaves.get(index));
                assertThat(v.bytes("root")).as(v.file()).isEqualTo(hasher.rootHash(leaves));
                assertThat(hasher.inclusionProof(index, leaves)).as(v.file())
                        .usingElementComparator(java.util.Arrays::compare)
                        .containsExactlyElementsOf(v.proof());
            } else {
                List<byte[]> leaves = reference.subList(0, (int) v.number("size2"));
                int size1 = (int) v.number("size1");
                assertThat(v.bytes("root1")).as(v.file())
                        .isEqualTo(hasher.rootHash(leaves.subList(0, size1)));
                assertThat(v.bytes("root2")).as(v.file()).isEqualTo(hasher.rootHash(leaves));
                assertThat(hasher.consistencyProof(size1, leaves)).as(v.file())
                        .usingElementComparator(java.util.Arrays::compare)
                        .containsExactlyElementsOf(v.proof());
            }
        }
    }

    private static Stream<Vector> vectors(String folder) {
        try {
            Path root = Path.of(TestVectorsTest.class.getResource("/merkle").toURI());
            try (Stream<Path> files = Files.walk(root.resolve(folder))) {
                return files.filter(p -> p.toString().endsWith(".json"))
                        .sorted()
                        .map(p -> new Vector(root.relativize(p).toString().replace('\\', '/'), read(p)))
                        .toList()
                        .stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
