package org.cityhealth.hub.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.CitySpec;
import org.cityhealth.synthetic.GenerationSummary;
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

    @Override
    public Integer call() throws Exception {
        if (residents < 1 || residents > 1_000_000) {
            throw new IllegalArgumentException("--residents must be between 1 and 1,000,000");
        }
        CitySpec spec = CitySpec.ofResidents(residents, seed).withResidentsPerBundle(residentsPerBundle).withHeavyResidents(heavy);
        CityGenerator generator = new CityGenerator(spec);
        long started = System.nanoTime();
        GenerationSummary summary = format == Format.ndjson ? generator.writeNdjson(out, gzip) : generator.writeBundles(out);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Wrote %,d residents, %,d resources%s to %s in %.1f s%n", summary.residents(), summary.resources(),
                format == Format.ndjson ? " as NDJSON" : " in %,d bundles".formatted(summary.bundles()), out, seconds);
        summary.resourcesByType().forEach((type, count) -> System.out.printf("  %-24s %,d%n", type, count));
        return 0;
    }
}
