package org.cityhealth.ledger.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleVerifier;
import org.cityhealth.ledger.ProofException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inclusion-proof verifications per second in a tree of 2^30 entries (every proof has 30
 * hashes), what a citizen's app or an auditor does per record.
 *
 * <p>A tree that size cannot be built here, so each proof is made of random siblings and its root
 * is computed from them with {@link MerkleVerifier#rootFromInclusionProof}: a valid proof for
 * some tree of that size, which costs the verifier exactly what a real one does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A fixed, pre-touched heap: otherwise the first seconds measure the JVM growing its heap (page
// faults on fresh memory), which swung small-batch appends between 2k and 100k per second.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class InclusionProofBenchmark {

    private static final long TREE_SIZE = 1L << 30;
    private static final int PROOFS = 4096; // a power of two, for the cheap cursor mask

    @Param({"SHA-256", "SM3"})
    public String hash;

    private HashFunction hashFunction;
    private final long[] indices = new long[PROOFS];
    private final byte[][] leaves = new byte[PROOFS][];
    private final List<List<byte[]>> proofs = new ArrayList<>(PROOFS);
    private final byte[][] roots = new byte[PROOFS][];
    private int cursor;

    @Setup
    public void prepare() throws ProofException {
        hashFunction = hash.equals("SM3") ? HashFunction.SM3 : HashFunction.SHA256;
        Random random = new Random(30);
        for (int i = 0; i < PROOFS; i++) {
            indices[i] = random.nextLong(TREE_SIZE);
            leaves[i] = randomHash(random);
            List<byte[]> proof = new ArrayList<>(30);
            for (int level = 0; level < 30; level++) {
                proof.add(randomHash(random));
            }
            proofs.add(proof);
            roots[i] = MerkleVerifier.rootFromInclusionProof(
                    hashFunction, indices[i], TREE_SIZE, leaves[i], proof);
        }
    }

    @Benchmark
    public void verifyInclusion() throws ProofException {
        int i = cursor++ & (PROOFS - 1);
        MerkleVerifier.verifyInclusion(
                hashFunction, indices[i], TREE_SIZE, leaves[i], proofs.get(i), roots[i]);
    }

    private byte[] randomHash(Random random) {
        byte[] hash = new byte[hashFunction.size()];
        random.nextBytes(hash);
        return hash;
    }
}
