package org.cityhealth.hub.cli;

import java.util.Map;
import org.cityhealth.hub.HubApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the hub application: as a server, or without the web layer for offline tools. */
final class Hub {

    private static volatile boolean serving;

    private Hub() {
    }

    static boolean serving() {
        return serving;
    }

    static ConfigurableApplicationContext server(Map<String, Object> properties) {
        serving = true;
        return new SpringApplicationBuilder(HubApplication.class).run(arguments(withoutFailureTrace(properties)));
    }

    /** The hub's services without a web server: for source registration, vault restore and other offline work. */
    static ConfigurableApplicationContext offline(Map<String, Object> properties) {
        Map<String, Object> quiet = new java.util.LinkedHashMap<>(properties);
        quiet.put("logging.level.root", "WARN");
        quiet.put("spring.main.log-startup-info", "false");
        return new SpringApplicationBuilder(HubApplication.class).web(WebApplicationType.NONE).run(arguments(withoutFailureTrace(quiet)));
    }

    /** Command-line arguments take precedence over application.yml, unlike default properties. */
    private static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
    }

    /** A failed start is reported by the command line in one line; Spring's own stack trace report is silenced. */
    private static Map<String, Object> withoutFailureTrace(Map<String, Object> properties) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(properties);
        all.put("logging.level.org.springframework.boot.SpringApplication", "OFF");
        all.put("logging.level.org.springframework.boot.diagnostics", "OFF");
        all.put("logging.level.org.springframework.boot.web.embedded.tomcat", "ERROR");
        return all;
    }
}
