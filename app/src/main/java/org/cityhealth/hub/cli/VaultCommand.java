package org.cityhealth.hub.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.vault.RestoreSummary;
import org.cityhealth.hub.vault.Vault;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "vault", mixinStandardHelpOptions = true, description = "The byte-exact backup of everything received.",
        subcommands = VaultCommand.Restore.class)
class VaultCommand {

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Write a source's original submissions back, byte-identical (verified by SHA-256 and SM3), with manifest.csv.")
    static class Restore implements Callable<Integer> {

        @Mixin
        HubOptions hub;

        @Option(names = "--source", required = true, description = "source code")
        String source;

        @Option(names = "--from", required = true, description = "first day received, yyyy-MM-dd (inclusive)")
        LocalDate from;

        @Option(names = "--to", required = true, description = "last day received, yyyy-MM-dd (inclusive)")
        LocalDate to;

        @Option(names = "--out", required = true, description = "output directory")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("--to is before --from");
            }
            try (ConfigurableApplicationContext context = Hub.offline(hub.properties())) {
                if (context.getBean(SourceRegistry.class).byCode(source).isEmpty()) {
                    throw new IllegalArgumentException("no source with code " + source);
                }
                ZoneId zone = org.cityhealth.hub.CityZone.ZONE;
                RestoreSummary summary = context.getBean(Vault.class).restore(source, from.atStartOfDay(zone).toInstant(),
                        to.plusDays(1).atStartOfDay(zone).toInstant(), out);
                System.out.printf("Restored %d submissions (%,d bytes) of %s to %s, each verified against its SHA-256 and SM3%n",
                        summary.submissions(), summary.bytes(), source, out);
            }
            return 0;
        }
    }
}
