package org.cityhealth.hub.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.CitySpec;
import org.cityhealth.synthetic.GeneratedBundle;
import org.cityhealth.synthetic.SyntheticSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the hub on embedded defaults with a synthetic city.",
                "The first run generates the city and loads it through the public FHIR API; every run prints the URL and a fresh admin password."})
class DemoCommand implements Callable<Integer> {

    @Mixin
    HubOptions hub;

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
        properties.put("cityhealth.demo", true);
        ConfigurableApplicationContext context = Hub.server(properties);
        String url = "http://localhost:" + port;
        SourceRegistry sources = context.getBean(SourceRegistry.class);
        if (sources.all().isEmpty()) {
            load(sources, url);
        }
        String password = context.getBean(AdminBootstrap.class).demoPassword();
        System.out.println();
        System.out.println("CityHealth Hub 全民健康数据中心 is running at " + url);
        System.out.println("  web UI:   " + url + "/   (user admin, password " + (password == null ? "as set before" : password) + ")");
        System.out.println("  FHIR API: " + url + "/fhir   (HTTP Basic with the same account)");
        System.out.println("Press Ctrl+C to stop.");
        return 0;
    }

    private void load(SourceRegistry sources, String url) throws Exception {
        CityGenerator generator = new CityGenerator(CitySpec.ofResidents(residents, seed).withResidentsPerBundle(10));
        Map<String, String> tokens = new HashMap<>();
        for (SyntheticSource source : generator.sources()) {
            tokens.put(source.code(), sources.register(new NewSource(source.code(), source.name(), source.level(), source.district(),
                    source.kind().name())).token());
        }
        System.out.println("Loading a synthetic city of " + residents + " residents from " + tokens.size() + " sources through POST /fhir …");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long resources = 0;
        long bundles = 0;
        long started = System.nanoTime();
        Iterator<GeneratedBundle> iterator = generator.bundles();
        while (iterator.hasNext()) {
            GeneratedBundle bundle = iterator.next();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "/fhir"))
                    .header("Authorization", "Bearer " + tokens.get(bundle.sourceCode()))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bundle.json())).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the hub refused a demo bundle: HTTP " + response.statusCode() + " " + response.body());
            }
            resources += bundle.resourceCount();
            if (++bundles % 50 == 0) {
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("  %,d resources in %,d bundles (%.0f resources/s)%n", resources, bundles, resources / seconds);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Loaded %,d resources in %,d bundles in %.1f s (%.0f resources/s).%n", resources, bundles, seconds, resources / seconds);
    }
}
