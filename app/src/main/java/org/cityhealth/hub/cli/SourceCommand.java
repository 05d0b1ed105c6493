package org.cityhealth.hub.cli;

import java.util.concurrent.Callable;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.RegisteredSource;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "source", mixinStandardHelpOptions = true, description = "Manage registered sources.",
        subcommands = {SourceCommand.Add.class, SourceCommand.ListSources.class})
class SourceCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a source and print its bearer token (shown this once) as JSON.")
    static class Add implements Callable<Integer> {

        @Mixin
        HubOptions hub;

        @Option(names = "--code", required = true, description = "short code, e.g. H001")
        String code;

        @Option(names = "--name", required = true, description = "name, e.g. 杭州市第一人民医院")
        String name;

        @Option(names = "--level", description = "level, e.g. 三级甲等")
        String level;

        @Option(names = "--district", description = "district, e.g. 西湖区")
        String district;

        @Option(names = "--kind", description = "HOSPITAL, CLINIC, EXAM_CENTER, PACS or OTHER (default: ${DEFAULT-VALUE})", defaultValue = "HOSPITAL")
        String kind;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext context = Hub.offline(hub.properties())) {
                RegisteredSource registered = context.getBean(SourceRegistry.class).register(new NewSource(code, name, level, district, kind));
                System.out.printf("{\"code\":\"%s\",\"id\":%d,\"token\":\"%s\"}%n", registered.source().code(), registered.source().id(), registered.token());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sources with their volumes.")
    static class ListSources implements Callable<Integer> {

        @Mixin
        HubOptions hub;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext context = Hub.offline(hub.properties())) {
                System.out.printf("%-10s %-28s %-10s %12s %10s %14s%n", "code", "name", "kind", "submissions", "rejected", "resources");
                context.getBean(SourceRegistry.class).volumes().forEach(volume -> System.out.printf("%-10s %-28s %-10s %12d %10d %14d%n",
                        volume.source().code(), volume.source().name(), volume.source().kind(), volume.submissions(), volume.rejected(),
                        volume.resources()));
            }
            return 0;
        }
    }
}
