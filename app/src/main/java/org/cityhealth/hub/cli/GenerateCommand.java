package org.cityhealth.hub.cli;

import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.CitySpec;
import org.cityhealth.synthetic.GenerationSummary;
import org.cityhealth.synthetic.IdentityNoise;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a reproducible synthetic city as per-source FHIR transaction bundles or NDJSON.")
class GenerateCommand implements Callable<Integer> {

    enum Format { bundles, ndjson }

    @Option(names = "--residents", description = "number of residents, 100 to 1,000,000 (default: ${DEFAULT-VALUE})", defaultValue = "2000")
    int residents;

    @Option(names = "--seed", description = "random seed; the same seed gives the same city (default: ${DEFAULT-VALUE})", defaultValue = "20261123")
    long seed;

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = "--format", description = "bundles or ndjson (default: ${DEFAULT-VALUE})", defaultValue = "bundles")
    Format format;

    @Option(names = "--gzip", description = "gzip the NDJSON files")
    boolean gzip;

    @Option(names = "--residents-per-bundle", description = "residents in one transaction bundle (default: ${DEFAULT-VALUE})", defaultValue = "1")
    int residentsPerBundle;

    @Option(names = "--heavy", description = "residents with 1,000-3,000 resources each (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int heavy;

    // Plain strings, checked in call(): a bad value then fails in the one line every command uses, not with picocli's usage.
    @Option(names = "--identity-noise", paramLabel = "none|realistic", defaultValue = "none",
            description = "identity errors and look-alikes in the sources' Patient records, for record-linkage benchmarks: "
                    + "none, or realistic (name typos 2%, ID typos 0.3%, missing IDs 5%, name changes 1%, swapped birth dates 1%, "
                    + "twins 1%, shared phones 5%); the ground truth goes to residents.csv (default: ${DEFAULT-VALUE})")
    String identityNoise;

    @Option(names = "--noise", paramLabel = "KIND=RATE[,KIND=RATE...]",
            description = "override identity noise rates (0 to 1) on top of --identity-noise, e.g. name-typo=0.05,twins=0.02; kinds: "
                    + "name-typo, id-typo, id-missing, name-change, swapped-birth-date, twins, shared-phone")
    String noiseOverrides;

    @Override
    public Integer call() throws Exception {
        if (residents < 1 || residents > 1_000_000) {
            throw new IllegalArgumentException("--residents must be between 1 and 1,000,000");
        }
        IdentityNoise noise = IdentityNoise.named(identityNoise).withRates(noiseOverrides);
        CitySpec spec = CitySpec.ofResidents(residents, seed).withResidentsPerBundle(residentsPerBundle).withHeavyResidents(heavy)
                .withIdentityNoise(noise);
        CityGenerator generator = new CityGenerator(spec);
        long started = System.nanoTime();
        GenerationSummary summary = format == Format.ndjson ? generator.writeNdjson(out, gzip) : generator.writeBundles(out);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Wrote %,d residents, %,d resources%s to %s in %.1f s%n", summary.residents(), summary.resources(),
                format == Format.ndjson ? " as NDJSON" : " in %,d bundles".formatted(summary.bundles()), out, seconds);
        summary.resourcesByType().forEach((type, count) -> System.out.printf("  %-24s %,d%n", type, count));
        if (!noise.isNone()) {
            StringJoiner rates = new StringJoiner(", ");
            noise.rates().forEach((kind, rate) -> rates.add(kind + "=" + rate));
            System.out.printf("Identity noise: %s; ground truth in %s%n", rates, out.resolve("residents.csv"));
        }
        return 0;
    }
}
