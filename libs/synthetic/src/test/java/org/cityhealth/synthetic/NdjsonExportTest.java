package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonExportTest {

    @Test
    void writesOneFilePerTypePerSourceWithRelativeReferencesThatResolve(@TempDir Path dir) throws IOException {
        // Thirty hospitals: three passes of the export that bounds its open files.
        CitySpec spec = CitySpec.ofResidents(250, 12).withSources(30, 3);
        GenerationSummary summary = new CityGenerator(spec).writeNdjson(dir, true);

        assertThat(dir.resolve("sources.json")).exists();
        assertThat(dir.resolve("residents.csv")).exists();
        Map<String, Long> counted = new HashMap<>();
        long lines = 0;
        try (Stream<Path> sources = Files.list(dir)) {
            for (Path source : (Iterable<Path>) sources.filter(Files::isDirectory)::iterator) {
                Map<String, Set<String>> ids = new HashMap<>();
                List<JsonNode> resources = new ArrayList<>();
                try (Stream<Path> files = Files.list(source)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        String name = file.getFileName().toString();
                        assertThat(name).endsWith(".ndjson.gz");
                        String type = name.substring(0, name.indexOf('.'));
                        for (String line : lines(file)) {
                            JsonNode resource = FhirTestSupport.parse(line);
                            assertThat(resource.path("resourceType").asText()).isEqualTo(type);
                            assertThat(ids.computeIfAbsent(type,
                                    k -> new HashSet<>()).add(resource.path("id").asText()))
                                    .isTrue();
                            resources.add(resource);
                            counted.merge(type, 1L, Long::sum);
                            lines++;
                        }
                    }
                }
                assertThat(ids.get("Organization")).hasSize(1);
                for (JsonNode resource : resources) {
                    for (String reference : FhirTestSupport.references(resource)) {
                        assertThat(reference).doesNotStartWith("urn:");
                        String[] parts = reference.split("/");
                        assertThat(ids.getOrDefault(parts[0], Set.of())).as("%s in %s", reference,
                                source).contains(parts[1]);
                    }
                    if (FhirTestSupport.clinical(resource.path("resourceType").asText())) {
                        assertThat(FhirTestSupport.patientReference(resource)).startsWith("Patient/"
                                + source.getFileName());
                    }
                }
            }
        }
        assertThat(summary.resources()).isEqualTo(lines);
        assertThat(summary.resourcesByType()).isEqualTo(counted);
        assertThat(summary.bundles()).isZero();
    }

    @Test
    void plainAndGzipCarryTheSameLines(@TempDir Path dir) throws IOException {
        CitySpec spec = CitySpec.ofResidents(60, 2);
        new CityGenerator(spec).writeNdjson(dir.resolve("plain"), false);
        new CityGenerator(spec).writeNdjson(dir.resolve("gzip"), true);
        assertThat(Files.readAllLines(dir.resolve("plain/C001/Observation.ndjson")))
                .isEqualTo(lines(dir.resolve("gzip/C001/Observation.ndjson.gz")))
                .isNotEmpty();
    }

    private static List<String> lines(Path file) throws IOException {
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file))
                : Files.newInputStream(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }
}
