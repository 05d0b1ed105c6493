package org.cityhealth.hub.cli;

import java.util.concurrent.Callable;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.lifecycle.Scrubber;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "storage", mixinStandardHelpOptions = true, description = "Storage tiers: integrity of cold archives and the vault.",
        subcommands = {StorageCommand.Verify.class, StorageCommand.RotateKey.class})
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

    @Command(name = "rotate-key", mixinStandardHelpOptions = true,
            description = "Rotate a data key (new writes use it; old objects keep theirs) or the master key (re-wraps data keys only). No data is rewritten.")
    static class RotateKey implements Callable<Integer> {

        @Mixin
        HubOptions hub;

        @Option(names = "--owner", description = "the data key's owner: a source code (its vault objects) or cold (archives)")
        String owner;

        @Option(names = "--master", description = "rotate the master key instead")
        boolean master;

        @Override
        public Integer call() throws Exception {
            if (master == (owner != null)) {
                throw new IllegalArgumentException("give either --owner CODE or --master");
            }
            try (ConfigurableApplicationContext context = Hub.offline(hub.properties())) {
                org.cityhealth.crypto.DataKeys keys = context.getBean(org.cityhealth.crypto.DataKeys.class);
                if (master) {
                    System.out.printf("Rotated the master key; re-wrapped %d data keys, no object rewritten%n", keys.rotateMasterKey());
                } else {
                    System.out.printf("New data key %08x for %s; objects written before keep their key%n", keys.rotate(owner), owner);
                }
            }
            return 0;
        }
    }
}
