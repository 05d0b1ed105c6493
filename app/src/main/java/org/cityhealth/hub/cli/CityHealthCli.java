package org.cityhealth.hub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the executable jar and of {@code ./cityhealth}. */
@Command(name = "cityhealth", mixinStandardHelpOptions = true, versionProvider = CityHealthCli.Version.class,
        description = {"CityHealth Hub 全民健康数据中心 — the city's health data center.", ""},
        subcommands = {ServeCommand.class, DemoCommand.class, GenerateCommand.class, SourceCommand.class, VaultCommand.class,
                LedgerCommand.class, WitnessCommand.class, StorageCommand.class,
                IngestCommand.class, BenchCommand.class})
public final class CityHealthCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = run(args);
        // A running server keeps the JVM alive through its own threads; every other command ends here.
        if (code != 0 || !Hub.serving()) {
            System.exit(code);
        }
    }

    /** Runs a command and returns its exit code; failures print one line: {@code cityhealth: <reason>}. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new CityHealthCli());
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println("cityhealth: " + Failures.describe(exception));
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CityHealthCli.class.getPackage().getImplementationVersion();
            return new String[] {"cityhealth " + (version == null ? "development" : version)};
        }
    }
}
