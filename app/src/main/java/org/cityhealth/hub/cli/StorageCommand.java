package org.cityhealth.hub.cli;

import java.util.concurrent.Callable;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.lifecycle.Scrubber;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "storage", mixinStandardHelpOptions = true, description = "Storage tiers: integrity of cold archives and the vault.",
        subcommands = StorageCommand.Verify.class)
class StorageCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-verify every cold archive and vault object; repair damaged archives from the vault. Exits 1 on unrepaired damage.")
    static class Verify implements Callable<Integer> {

        @Mixin
        HubOptions hub;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext context = Hub.offline(hub.properties())) {
                Scrubber.Report report = context.getBean(Scrubber.class).scrub(true, LedgerEvent.Actor.CONSOLE);
                report.findings().forEach(System.out::println);
                System.out.printf("Verified %,d cold archives and %,d vault objects: %d damaged, %d repaired from the vault, %d not repaired%n",
                        report.archives(), report.vaultObjects(), report.damaged(), report.repaired(), report.unrepaired());
                return report.clean() ? 0 : 1;
            }
        }
    }
}
