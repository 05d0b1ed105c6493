package org.cityhealth.hub.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the hub: FHIR API, ingest, web UI.",
                "A fresh data directory needs CITYHEALTH_ADMIN_PASSWORD for the first operator account 'admin'."})
class ServeCommand implements Callable<Integer> {

    @Mixin
    HubOptions hub;

    @Mixin
    FeedOptions feeds;

    @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int port;

    @Override
    public Integer call() {
        FreshStart.requireAdminPassword(hub);
        Map<String, Object> properties = hub.properties();
        properties.put("server.port", port);
        feeds.addTo(properties);
        Hub.server(properties);
        return 0;
    }
}
