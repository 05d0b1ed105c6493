package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {

    private static final CitySpec CITY = CitySpec.ofResidents(150, 20260630).withResidentsPerBundle(4);

    @Test
    void sameSeedGivesByteIdenticalBundles() {
        assertThat(digest(new CityGenerator(CITY).bundles())).isEqualTo(digest(new CityGenerator(CITY).bundles()));
    }

    @Test
    void differentSeedGivesDifferentBundles() {
        assertThat(digest(new CityGenerator(CITY.withSeed(CITY.seed() + 1)).bundles()))
                .isNotEqualTo(digest(new CityGenerator(CITY).bundles()));
    }

    @Test
    void sameSeedGivesByteIdenticalFiles(@TempDir Path first, @TempDir Path second) throws IOException {
        CitySpec spec = CitySpec.ofResidents(80, 99);
        new CityGenerator(spec).writeBundles(first.resolve("bundles"));
        new CityGenerator(spec).writeBundles(second.resolve("bundles"));
        new CityGenerator(spec).writeNdjson(first.resolve("ndjson"), true);
        new CityGenerator(spec).writeNdjson(second.resolve("ndjson"), true);
        Map<String, String> a = fileDigests(first);
        assertThat(a).hasSizeGreaterThan(20).isEqualTo(fileDigests(second));
    }

    @Test
    void aResidentIsTheSameWhicheverWayAndWheneverItIsGenerated() {
        CityGenerator generator = new CityGenerator(CITY);
        ResidentChart alone = generator.chart(77);
        for (int i = 0; i < 77; i++) {
            generator.chart(i);
        }
        assertThat(generator.chart(77)).usingRecursiveComparison()
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class)
                .isEqualTo(alone);
    }

    private static String digest(Iterator<GeneratedBundle> bundles) {
        MessageDigest sha = sha256();
        int count = 0;
        while (bundles.hasNext()) {
            GeneratedBundle b = bundles.next();
            sha.update(b.sourceCode().getBytes());
            sha.update(b.json());
            count++;
        }
        assertThat(count).isGreaterThan(100);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Map<String, String> fileDigests(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(file).toString(),
                        HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(file))));
            }
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
