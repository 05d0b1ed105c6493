package org.cityhealth.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.CitySpec;
import org.cityhealth.synthetic.ResidentTruth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "End-to-end benchmarks against a throw-away hub (fresh H2 directory or PostgreSQL schema).",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Everything.class, BenchLedger.class, BenchMpi.class, BenchLifecycle.class, BenchSummary.class, BenchFeeds.class})
class BenchCommand {

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Load a generated city over HTTP (POST /fhir transaction bundles) and print resources/s and bundle latency p50/p99.")
    static class Ingest implements Callable<Integer> {

        @Option(names = "--residents", defaultValue = "3000", description = "residents of the generated city (default: ${DEFAULT-VALUE})")
        int residents;

        @Option(names = "--residents-per-bundle", defaultValue = "10", description = "residents per transaction bundle (default: ${DEFAULT-VALUE})")
        int residentsPerBundle;

        @Option(names = "--threads", defaultValue = "4", description = "concurrent senders (default: ${DEFAULT-VALUE})")
        int threads;

        @Option(names = "--postgres", description = "also run against this PostgreSQL database, e.g. jdbc:postgresql://127.0.0.1:5432/test")
        String postgres;

        @Option(names = "--no-h2", description = "skip the H2 run")
        boolean noH2;

        @Override
        public Integer call() throws Exception {
            List<String> targets = new ArrayList<>();
            if (!noH2) {
                targets.add(null);
            }
            if (postgres != null) {
                targets.add(postgres);
            }
            System.out.printf("bench ingest: %,d residents, %d residents/bundle, %d senders%n", residents, residentsPerBundle, threads);
            for (String target : targets) {
                try (BenchHub hub = BenchHub.start(target)) {
                    CityGenerator generator = new CityGenerator(CitySpec.ofResidents(residents, 7).withResidentsPerBundle(residentsPerBundle));
                    CityLoader.Result result = hub.load(generator, threads);
                    System.out.printf("%-10s %,10d resources in %,6d bundles, %6.1f s: %,8.0f resources/s; bundle latency p50 %.0f ms, p99 %.0f ms%n",
                            target == null ? "H2" : "PostgreSQL", result.resources(), result.bundles(), result.seconds(),
                            result.resourcesPerSecond(), BenchHub.percentile(result.latenciesMillis(), 50),
                            BenchHub.percentile(result.latenciesMillis(), 99));
                }
            }
            return 0;
        }
    }

    @Command(name = "everything", mixinStandardHelpOptions = true,
            description = "Load a city with heavy patients, then time GET Patient/{id}/$everything and print p50/p99.")
    static class Everything implements Callable<Integer> {

        @Option(names = "--residents", defaultValue = "3000", description = "residents of the generated city (default: ${DEFAULT-VALUE})")
        int residents;

        @Option(names = "--heavy", defaultValue = "10", description = "residents with 1,000-3,000 resources each (default: ${DEFAULT-VALUE})")
        int heavy;

        @Option(names = "--requests", defaultValue = "300", description = "timed $everything requests (default: ${DEFAULT-VALUE})")
        int requests;

        @Option(names = "--db", description = "PostgreSQL database instead of H2, e.g. jdbc:postgresql://127.0.0.1:5432/test")
        String postgres;

        @Override
        public Integer call() throws Exception {
            try (BenchHub hub = BenchHub.start(postgres)) {
                CitySpec spec = CitySpec.ofResidents(residents, 11).withResidentsPerBundle(10).withHeavyResidents(heavy);
                CityGenerator generator = new CityGenerator(spec);
                CityLoader.Result load = hub.load(generator, 4);
                System.out.printf("loaded %,d resources into %s in %.0f s (%,.0f resources/s)%n", load.resources(),
                        postgres == null ? "H2" : "PostgreSQL", load.seconds(), load.resourcesPerSecond());
                ObjectMapper mapper = new ObjectMapper();
                List<String> patients = new ArrayList<>();
                Iterator<ResidentTruth> truth = generator.residents();
                for (int i = 0; i < heavy && truth.hasNext(); i++) {
                    ResidentTruth resident = truth.next();
                    JsonNode found = mapper.readTree(hub.get("/fhir/Patient?identifier=urn:oid:2.16.156.10011.1.1|" + resident.residentId()).body());
                    if (found.path("entry").size() > 0) {
                        patients.add(found.path("entry").get(0).path("resource").path("id").asText());
                    }
                }
                if (patients.isEmpty()) {
                    throw new IllegalStateException("no heavy patient found to query");
                }
                for (String patient : patients) {
                    hub.get("/fhir/Patient/" + patient + "/$everything?_count=5000");
                }
                double[] latencies = new double[requests];
                long[] sizes = new long[requests];
                for (int i = 0; i < requests; i++) {
                    String patient = patients.get(i % patients.size());
                    long begin = System.nanoTime();
                    HttpResponse<byte[]> response = hub.get("/fhir/Patient/" + patient + "/$everything?_count=5000");
                    latencies[i] = (System.nanoTime() - begin) / 1e6;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("$everything answered HTTP " + response.statusCode());
                    }
                    sizes[i] = countEntries(response.body());
                }
                Arrays.sort(latencies);
                long[] sortedSizes = sizes.clone();
                Arrays.sort(sortedSizes);
                System.out.printf("$everything over %d heavy patients (%,d–%,d resources each), store of %,d resources: p50 %.1f ms, p99 %.1f ms%n",
                        patients.size(), sortedSizes[0], sortedSizes[sortedSizes.length - 1], load.resources(),
                        BenchHub.percentile(latencies, 50), BenchHub.percentile(latencies, 99));
            }
            return 0;
        }

        private static long countEntries(byte[] bundle) {
            String text = new String(bundle, java.nio.charset.StandardCharsets.UTF_8);
            long count = 0;
            for (int index = text.indexOf("\"fullUrl\""); index >= 0; index = text.indexOf("\"fullUrl\"", index + 1)) {
                count++;
            }
            return count;
        }
    }
}
