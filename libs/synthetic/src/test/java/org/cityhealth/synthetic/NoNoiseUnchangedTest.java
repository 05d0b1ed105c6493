package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without identity noise the generator writes exactly what it wrote before noise existed: the digests below were taken
 * from the generator as it was before {@code IdentityNoise} was added, and a benchmark run against an older dump must
 * stay comparable.
 */
class NoNoiseUnchangedTest {

    /** A small city that exercises heavy residents, several residents per bundle and both exports. */
    private static final CitySpec SMALL = CitySpec.ofResidents(240, 424242).withResidentsPerBundle(3)
            .withHeavyResidents(2);
    /** Another shape: more sources than the default, a short history. */
    private static final CitySpec OTHER = CitySpec.ofResidents(160, 7).withSources(14, 3)
            .withHistory(LocalDate.of(2022, 1, 1), LocalDate.of(2025, 12, 31));

    @Test
    void bundlesAreThoseOfTheGeneratorBeforeNoise() {
        assertThat(bundleDigest(SMALL)).isEqualTo("866a791cee98520bafc3e826d94c7dae3d8165b6e4cab53ded8479bfca1ee328");
        assertThat(bundleDigest(OTHER)).isEqualTo("68ac1f11c46a1f269cb212e6574f5372f740bb98dcf10e670ed1217c1dacb24b");
    }

    @Test
    void filesAreThoseOfTheGeneratorBeforeNoise(@TempDir Path dir) throws IOException {
        new CityGenerator(SMALL).writeNdjson(dir.resolve("ndjson"), false);
        new CityGenerator(SMALL).writeBundles(dir.resolve("bundles"));
        assertThat(treeDigest(dir)).isEqualTo("c8bf56a41ab0ff175866822a3a4754a2fb60718f45ced02408f346acafe3a9e5");
    }

    @Test
    void groundTruthIsThatOfTheGeneratorBeforeNoise() {
        MessageDigest sha = sha256();
        Iterator<ResidentTruth> residents = new CityGenerator(SMALL).residents();
        while (residents.hasNext()) {
            ResidentTruth t = residents.next();
            // Only the components that existed before noise: later ones are allowed to be added.
            sha.update((t.index() + "|" + t.residentId() + "|" + t.name() + "|" + t.birthDate() + "|" + t.sex() + "|"
                    + t.sourcePatientIds() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo("5bc3583c0f3c9dec1dac072739a17334671f9ff0468fddd20fd71bc43095d9b6");
    }

    static String bundleDigest(CitySpec spec) {
        MessageDigest sha = sha256();
        Iterator<GeneratedBundle> bundles = new CityGenerator(spec).bundles();
        while (bundles.hasNext()) {
            GeneratedBundle b = bundles.next();
            sha.update(b.sourceCode().getBytes(StandardCharsets.UTF_8));
            sha.update(b.json());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String treeDigest(Path root) throws IOException {
        MessageDigest sha = sha256();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            sha.update(root.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
