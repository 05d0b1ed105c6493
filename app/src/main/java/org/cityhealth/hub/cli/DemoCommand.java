package org.cityhealth.hub.cli;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Callable;
import org.cityhealth.hub.access.AccountService;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.hub.feeds.FeedListener;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.CitySpec;
import org.cityhealth.synthetic.IdentityNoise;
import org.cityhealth.hub.identity.Relink;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the hub on embedded defaults with a synthetic city.",
                "The first run generates the city and loads it through the public FHIR API; every run prints the URL and a fresh admin password."})
class DemoCommand implements Callable<Integer> {

    /** Concurrent senders of the demo load: a few hospitals sending at once, as in a city. */
    private static final int SENDERS = 3;
    /** Resources between two progress lines. */
    private static final long PROGRESS_STEP = 25_000;

    @Mixin
    HubOptions hub;

    @Mixin
    FeedOptions feeds;

    @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int port;

    @Option(names = "--residents", description = "residents of the demo city (default: ${DEFAULT-VALUE})", defaultValue = "2000")
    int residents;

    @Option(names = "--seed", description = "random seed of the demo city (default: ${DEFAULT-VALUE})", defaultValue = "20261123")
    long seed;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> properties = hub.properties();
        properties.put("server.port", port);
        feeds.addTo(properties);
        properties.put("cityhealth.demo", true);
        ConfigurableApplicationContext context = Hub.server(properties);
        String url = "http://localhost:" + port;
        SourceRegistry sources = context.getBean(SourceRegistry.class);
        if (sources.all().isEmpty()) {
            load(sources, url);
            linkPersons(context);
            applyLifecycle(context);
        }
        String password = context.getBean(AdminBootstrap.class).demoPassword();
        System.out.println();
        System.out.println("CityHealth Hub 全民健康数据中心 is running at " + url);
        System.out.println("  web UI:   " + url + "/   (user admin, password " + (password == null ? "as set before" : password) + ")");
        System.out.println("  FHIR API: " + url + "/fhir   (HTTP Basic with the same account)");
        context.getBeansOfType(FeedListener.class).values().stream().filter(listener -> listener.endpoint().isPresent())
                .forEach(listener -> System.out.println("  feed:     " + listener.endpoint().orElse("") + "   (each source's /sources/{code}/feeds)"));
        System.out.println("  ledger:   " + url + "/audit   (user auditor, password " + context.getBean(AdminBootstrap.class).demoAuditorPassword()
                + "); verify it with ./cityhealth ledger verify --data " + hub.data);
        String citizen = demoCitizen(context);
        if (citizen != null) {
            System.out.println("  citizen:  " + url + "/my   (user citizen, password " + citizen + "): my record, consents, visit codes, who accessed it");
        }
        DemoStaff.create(context).forEach(line -> System.out.println("  " + line));
        System.out.println("Press Ctrl+C to stop.");
        return 0;
    }

    /**
     * Records arrived before any model existed, so only identifiers linked them: estimate the model on the loaded
     * city and re-link, as an operator would after a first bulk load.
     */
    private static void linkPersons(ConfigurableApplicationContext context) {
        Relink.Job job = context.getBean(Relink.class).runNow("demo");
        System.out.printf("Person index: model estimated and %,d records re-linked (%,d moved, %,d pairs for review at /mpi).%n",
                job.getTotal(), job.getMoved(), job.getReviews());
    }

    /** Applies the storage lifecycle policy once, so the demo's /storage page shows hot, warm and cold records. */
    private static void applyLifecycle(ConfigurableApplicationContext context) {
        Map<String, Object> run = context.getBean(org.cityhealth.hub.lifecycle.Lifecycle.class).applyNow();
        System.out.printf("Storage lifecycle: policy applied to %,d persons (see /storage).%n", ((Number) run.get("personsTotal")).longValue());
    }

    /** A citizen account for one resident of the demo city, with a fresh password at every start. */
    private static String demoCitizen(ConfigurableApplicationContext context) {
        AccountService accounts = context.getBean(AccountService.class);
        String password = AccountService.randomPassword();
        if (accounts.exists("citizen")) {
            accounts.setPassword("citizen", password);
            return password;
        }
        var persons = context.getBean(org.cityhealth.hub.identity.PersonIndex.class).recentPersons(1);
        if (persons.isEmpty()) {
            return null;
        }
        accounts.createCitizen("citizen", password, "居民", persons.getFirst());
        return password;
    }

    private void load(SourceRegistry sources, String url) throws Exception {
        // Realistic identity noise (typos, missing and mistyped IDs, twins…), so that the person index has work to show.
        CityGenerator generator = new CityGenerator(CitySpec.ofResidents(residents, seed).withResidentsPerBundle(10)
                .withIdentityNoise(IdentityNoise.realistic()));
        System.out.println("Loading a synthetic city of " + residents + " residents from " + generator.sources().size()
                + " sources through POST /fhir …");
        AtomicLong reported = new AtomicLong();
        long started = System.nanoTime();
        CityLoader.Result result = new CityLoader(HttpClient.newHttpClient(), url).load(sources, generator, SENDERS, sent -> {
            long step = sent / PROGRESS_STEP;
            if (step > reported.get() && reported.getAndSet(step) < step) {
                System.out.printf("  %,d resources (%.0f resources/s)%n", sent, sent / ((System.nanoTime() - started) / 1e9));
            }
        });
        System.out.printf("Loaded %,d resources in %,d bundles in %.1f s (%.0f resources/s).%n", result.resources(), result.bundles(),
                result.seconds(), result.resourcesPerSecond());
        System.out.println("Sending the other feeds of the demo (exam centre, HIS/LIS over HL7 v2, PACS over DICOMweb) …");
        for (String line : new DemoFeeds(url, result.tokens()).send(generator)) {
            System.out.println("  " + line);
        }
    }
}
