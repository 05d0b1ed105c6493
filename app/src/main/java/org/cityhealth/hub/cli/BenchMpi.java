package org.cityhealth.hub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.cityhealth.hub.identity.MpiSettings;
import org.cityhealth.hub.identity.PatientIdentity;
import org.cityhealth.identity.linkage.BatchLinker;
import org.cityhealth.identity.linkage.Em;
import org.cityhealth.identity.linkage.LinkageMetrics;
import org.cityhealth.identity.linkage.MatchIndex;
import org.cityhealth.identity.linkage.Matcher;
import org.cityhealth.identity.linkage.Outcome;
import org.cityhealth.identity.linkage.Profile;
import org.cityhealth.identity.linkage.RecordReader;
import org.cityhealth.identity.linkage.Training;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.CitySpec;
import org.cityhealth.synthetic.GeneratedPatient;
import org.cityhealth.synthetic.IdentityNoise;
import org.cityhealth.synthetic.ResidentTruth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the master person index on a generated city with identity noise at known rates: link quality (pairwise
 * precision, recall, F1 against the generator's truth, batch and record-by-record as ingest links, against a baseline
 * of exact resident-ID matching), twins merged, the time to link one record against a large index and the time of a
 * full re-link. The linking code is the hub's own (the same reader of FHIR Patients, blocking, model and matcher).
 */
@Command(name = "mpi", mixinStandardHelpOptions = true,
        description = "Master person index: precision/recall/F1 against the generator's truth, link latency, full re-link time.")
class BenchMpi implements Callable<Integer> {

    @Option(names = "--residents", defaultValue = "20000", description = "residents of the city whose links are scored (default: ${DEFAULT-VALUE})")
    int residents;

    @Option(names = "--noise", defaultValue = "realistic",
            description = "identity noise: none, realistic, or realistic with overrides like name-typo=0.05,twins=0.02 (default: ${DEFAULT-VALUE})")
    String noise;

    @Option(names = "--index-persons", defaultValue = "1000000", description = "persons indexed for the link-latency test; 0 skips it (default: ${DEFAULT-VALUE})")
    int indexPersons;

    @Option(names = "--links", defaultValue = "20000", description = "records linked one by one against that index (default: ${DEFAULT-VALUE})")
    int links;

    @Option(names = "--relink-records", defaultValue = "1000000", description = "records of the full re-link test; 0 skips it (default: ${DEFAULT-VALUE})")
    int relinkRecords;

    @Option(names = "--link-threshold", defaultValue = "16", description = "weight for automatic links (default: ${DEFAULT-VALUE}, as cityhealth.mpi.link-threshold)")
    double linkThreshold;

    @Option(names = "--review-threshold", defaultValue = "8", description = "weight for review (default: ${DEFAULT-VALUE})")
    double reviewThreshold;

    @Option(names = "--seed", defaultValue = "11", description = "city seed (default: ${DEFAULT-VALUE})")
    long seed;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BLOCK = new MpiSettings(16, 8, 500, 1000, 2, 300000, java.time.Duration.ofMinutes(1)).maxBlock();
    private static final int THREADS = 2;

    /** A generated city's records with their truth. */
    private record City(List<Profile> profiles, int[] resident, boolean[] withId, int[] twinOf) {
    }

    @Override
    public Integer call() throws Exception {
        IdentityNoise identityNoise = parseNoise(noise);
        Matcher.Thresholds thresholds = new Matcher.Thresholds(linkThreshold, reviewThreshold);
        System.out.printf("bench mpi: %,d residents, noise %s, thresholds link %.1f review %.1f%n", residents, identityNoise.rates(),
                linkThreshold, reviewThreshold);
        quality(city(residents, identityNoise), thresholds);
        if (indexPersons > 0) {
            latency(identityNoise, thresholds);
        }
        if (relinkRecords > 0) {
            relink(identityNoise, thresholds);
        }
        return 0;
    }

    private static IdentityNoise parseNoise(String text) {
        int comma = text.indexOf(',');
        if (text.contains("=")) {
            String base = comma > 0 && !text.substring(0, comma).contains("=") ? text.substring(0, comma) : "realistic";
            String overrides = comma > 0 && !text.substring(0, comma).contains("=") ? text.substring(comma + 1) : text;
            return IdentityNoise.named(base).withRates(overrides);
        }
        return IdentityNoise.named(text);
    }

    private City city(int count, IdentityNoise identityNoise) {
        CityGenerator generator = new CityGenerator(CitySpec.ofResidents(count, seed).withIdentityNoise(identityNoise));
        int[] twinOf = new int[count];
        Iterator<ResidentTruth> truths = generator.residents();
        while (truths.hasNext()) {
            ResidentTruth truth = truths.next();
            twinOf[truth.index()] = truth.twinOf();
        }
        List<Profile> profiles = new ArrayList<>();
        List<Integer> resident = new ArrayList<>();
        Iterator<GeneratedPatient> patients = generator.patients();
        while (patients.hasNext()) {
            GeneratedPatient patient = patients.next();
            profiles.add(profileOf(patient));
            resident.add(patient.residentIndex());
        }
        boolean[] withId = new boolean[profiles.size()];
        for (int i = 0; i < withId.length; i++) {
            withId[i] = profiles.get(i).record().residentId() != null || profiles.get(i).record().badResidentId() != null;
        }
        return new City(profiles, resident.stream().mapToInt(Integer::intValue).toArray(), withId, twinOf);
    }

    /** A generated Patient read as the hub reads one at ingest (on the history's last day). */
    private static Profile profileOf(GeneratedPatient patient) {
        try {
            return new Profile(RecordReader.read(PatientIdentity.of(patient.sourceCode() + "/" + patient.patientId(), JSON.readTree(patient.json())),
                    LocalDate.of(2026, 7, 1)).record());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void quality(City city, Matcher.Thresholds thresholds) {
        int n = city.profiles().size();
        MatchIndex index = new MatchIndex(n, MAX_BLOCK);
        for (int i = 0; i < n; i++) {
            index.add(city.profiles().get(i), i);
        }
        long start = System.nanoTime();
        Em.Result em = Training.estimate(index, seed);
        System.out.printf("%nmodel: EM on %,d blocked pairs of %,d records, %d iterations%s, %.1f s; lambda %.4f%n", em.pairs(), n, em.iterations(),
                em.converged() ? "" : " (not converged)", (System.nanoTime() - start) / 1e9, em.model().lambda());
        em.model().describe().forEach(line -> System.out.println("  " + line));
        Matcher matcher = new Matcher(em.model(), thresholds);

        BatchLinker.Result batch = BatchLinker.link(index, matcher, THREADS, done -> { });
        int[] incremental = incremental(city, matcher);
        int[] baseline = exactId(city);
        System.out.printf("%n%-26s %-9s %-9s %-9s %-9s %-9s %-9s %s%n", "linkage", "P", "R", "F1", "P(ID)", "R(ID)", "F1(ID)", "F1(no ID) · twins merged");
        report("exact resident ID (baseline)", city, baseline, -1);
        report("hub, record by record", city, incremental, -1);
        report("hub, batch re-link", city, batch.cluster(), batch.reviews().size());
    }

    /** Links records one at a time as ingest does: each against the records linked before it. */
    private static int[] incremental(City city, Matcher matcher) {
        int n = city.profiles().size();
        MatchIndex index = new MatchIndex(n, MAX_BLOCK);
        int[] person = new int[n];
        long reviews = 0;
        for (int i = 0; i < n; i++) {
            Profile profile = city.profiles().get(i);
            Matcher.Decision decision = matcher.decide(profile, index.candidates(profile));
            person[i] = decision.outcome() == Outcome.LINK ? (int) decision.person() : i;
            reviews += decision.outcome() == Outcome.REVIEW ? 1 : 0;
            index.add(profile, person[i]);
        }
        System.out.printf("%nrecord by record: %,d of %,d records sent to review%n", reviews, n);
        return person;
    }

    private static int[] exactId(City city) {
        Map<String, Integer> byId = new HashMap<>();
        int[] cluster = new int[city.profiles().size()];
        for (int i = 0; i < cluster.length; i++) {
            String id = city.profiles().get(i).residentId();
            cluster[i] = id == null ? i : byId.computeIfAbsent(id, key -> cluster.length + byId.size());
        }
        return cluster;
    }

    private static void report(String name, City city, int[] predicted, int reviews) {
        LinkageMetrics metrics = new LinkageMetrics(city.resident(), predicted);
        LinkageMetrics.Counts all = metrics.all();
        LinkageMetrics.Counts withId = metrics.counts((a, b) -> city.withId()[a] && city.withId()[b]);
        LinkageMetrics.Counts withoutId = metrics.counts((a, b) -> !(city.withId()[a] && city.withId()[b]));
        long twins = metrics.linkedPairs((a, b) -> {
            int ra = city.resident()[a];
            int rb = city.resident()[b];
            return ra != rb && (city.twinOf()[ra] == rb || city.twinOf()[rb] == ra);
        });
        System.out.printf("%-26s %-9.4f %-9.4f %-9.4f %-9.4f %-9.4f %-9.4f %-9.4f · %d%s%n", name, all.precision(), all.recall(), all.f1(),
                withId.precision(), withId.recall(), withId.f1(), withoutId.f1(), twins,
                reviews >= 0 ? String.format("  (%,d pairs for review)", reviews) : "");
        System.out.printf("%-26s pairs: %,d true, %,d false, %,d missed%n", "", all.truePositives(), all.falsePositives(), all.falseNegatives());
    }

    /** One record per resident indexed; then each resident's record from another source is linked, timed one by one. */
    private void latency(IdentityNoise identityNoise, Matcher.Thresholds thresholds) {
        long start = System.nanoTime();
        CityGenerator generator = new CityGenerator(CitySpec.ofResidents(indexPersons, seed + 1).withIdentityNoise(identityNoise));
        MatchIndex index = new MatchIndex(indexPersons, MAX_BLOCK);
        List<Profile> later = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        double keep = Math.min(1.0, 3.0 * links / indexPersons);
        int lastResident = -1;
        Iterator<GeneratedPatient> patients = generator.patients();
        while (patients.hasNext()) {
            GeneratedPatient patient = patients.next();
            Profile profile = profileOf(patient);
            if (patient.residentIndex() != lastResident) {
                index.add(profile, patient.residentIndex());
                lastResident = patient.residentIndex();
            } else if (later.size() < links && random.nextDouble() < keep) {
                later.add(profile);
            }
        }
        System.out.printf("%nlink latency: %,d persons indexed in %.1f s; training…%n", index.size(), (System.nanoTime() - start) / 1e9);
        Matcher matcher = new Matcher(Training.estimate(index, seed).model(), thresholds);
        long[] nanos = new long[later.size()];
        int linked = 0;
        for (int round = 0; round < 2; round++) {
            // The first round warms the JIT; the second is measured.
            for (int i = 0; i < later.size(); i++) {
                long t0 = System.nanoTime();
                Matcher.Decision decision = matcher.decide(later.get(i), index.candidates(later.get(i)));
                nanos[i] = System.nanoTime() - t0;
                linked += round == 1 && decision.outcome() == Outcome.LINK ? 1 : 0;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("linked %,d records one by one against %,d persons: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%,d linked)%n",
                nanos.length, index.size(), percentile(nanos, 50) / 1e6, percentile(nanos, 99) / 1e6, nanos[nanos.length - 1] / 1e6, linked);
    }

    /** A full re-link: index, model estimate and batch linking of every record. */
    private void relink(IdentityNoise identityNoise, Matcher.Thresholds thresholds) {
        int cityResidents = Math.max(1, (int) (relinkRecords / 2.6));
        CityGenerator generator = new CityGenerator(CitySpec.ofResidents(Math.min(cityResidents, CitySpec.MAX_RESIDENTS), seed + 2)
                .withIdentityNoise(identityNoise));
        List<Profile> profiles = new ArrayList<>(relinkRecords);
        Iterator<GeneratedPatient> patients = generator.patients();
        while (patients.hasNext() && profiles.size() < relinkRecords) {
            profiles.add(profileOf(patients.next()));
        }
        long start = System.nanoTime();
        MatchIndex index = new MatchIndex(profiles.size(), MAX_BLOCK);
        for (int i = 0; i < profiles.size(); i++) {
            index.add(profiles.get(i), i);
        }
        long indexed = System.nanoTime();
        Em.Result em = Training.estimate(index, seed);
        long trained = System.nanoTime();
        BatchLinker.Result result = BatchLinker.link(index, new Matcher(em.model(), thresholds), THREADS, done -> { });
        long linked = System.nanoTime();
        System.out.printf("%nfull re-link of %,d records: index %.1f s, EM %.1f s (%,d pairs), linking %.1f s (%,d pairs compared): total %.1f s = %.2f min, %,.0f records/s%n",
                profiles.size(), (indexed - start) / 1e9, (trained - indexed) / 1e9, em.pairs(), (linked - trained) / 1e9, result.compared(),
                (linked - start) / 1e9, (linked - start) / 60e9, profiles.size() / ((linked - start) / 1e9));
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
