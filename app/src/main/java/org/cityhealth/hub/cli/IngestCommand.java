package org.cityhealth.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Send records to a running hub.",
        subcommands = IngestCommand.Ndjson.class)
class IngestCommand {

    @Command(name = "ndjson", mixinStandardHelpOptions = true,
            description = {"Bulk-load FHIR NDJSON files (.ndjson or .ndjson.gz) through POST /ingest/ndjson, with progress.",
                    "Directories are searched for such files; files load in dependency order (Organization, Practitioner, Patient, …)."})
    static class Ndjson implements Callable<Integer> {

        /** Types that others reference load first, so that every reference finds its target. */
        private static final List<String> ORDER = List.of("Organization", "Location", "Practitioner", "PractitionerRole", "Patient",
                "Encounter", "Condition", "ImagingStudy", "Observation");

        @Option(names = "--url", description = "hub base URL (default: ${DEFAULT-VALUE})", defaultValue = "http://localhost:8080")
        String url;

        @Option(names = "--token", required = true, description = "the source's bearer token (or env CITYHEALTH_TOKEN)",
                defaultValue = "${env:CITYHEALTH_TOKEN}")
        String token;

        @Parameters(arity = "1..*", description = "NDJSON files or directories")
        List<Path> paths;

        @Override
        public Integer call() throws Exception {
            List<Path> files = new ArrayList<>();
            for (Path path : paths) {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> walk = Files.walk(path)) {
                        walk.filter(file -> file.toString().endsWith(".ndjson") || file.toString().endsWith(".ndjson.gz")).forEach(files::add);
                    }
                } else if (Files.isRegularFile(path)) {
                    files.add(path);
                } else {
                    throw new IllegalArgumentException("no such file or directory: " + path);
                }
            }
            files.sort(Comparator.comparingInt(Ndjson::rank).thenComparing(Path::toString));
            HttpClient client = HttpClient.newHttpClient();
            ObjectMapper mapper = new ObjectMapper();
            int failures = 0;
            for (Path file : files) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/ingest/ndjson"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/fhir+ndjson")
                        .POST(HttpRequest.BodyPublishers.ofFile(file));
                if (file.toString().endsWith(".gz")) {
                    request.header("Content-Encoding", "gzip");
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 300) {
                    throw new IllegalStateException(file + ": HTTP " + response.statusCode() + " " + response.body());
                }
                JsonNode status = mapper.readTree(response.body());
                while ("RUNNING".equals(status.path("state").asText())) {
                    System.out.printf("  %s: %,d lines, %,d resources (%.0f/s)%n", file.getFileName(), status.path("lines").asLong(),
                            status.path("resources").asLong(), status.path("resourcesPerSecond").asDouble());
                    Thread.sleep(1000);
                    status = mapper.readTree(client.send(HttpRequest.newBuilder(URI.create(url + "/ingest/jobs/" + status.path("id").asText()))
                            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
                }
                System.out.printf("%s: %s, %,d lines, %,d resources, %,d rejected lines — %s%n", file.getFileName(),
                        status.path("state").asText(), status.path("lines").asLong(), status.path("resources").asLong(),
                        status.path("rejectedLines").asLong(), status.path("message").asText());
                for (JsonNode error : status.path("errors")) {
                    System.out.printf("    line %d: %s%n", error.path("line").asLong(), error.path("message").asText());
                }
                if (!"COMPLETED".equals(status.path("state").asText()) || status.path("rejectedLines").asLong() > 0) {
                    failures++;
                }
            }
            if (failures > 0) {
                throw new IllegalStateException(failures + " of " + files.size() + " files did not load completely");
            }
            return 0;
        }

        private static int rank(Path file) {
            String name = file.getFileName().toString();
            String type = name.substring(0, name.indexOf('.'));
            int index = ORDER.indexOf(type);
            return index < 0 ? ORDER.size() : index;
        }
    }
}
