package org.cityhealth.hub.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process as a person would, capturing what it prints. */
public record CliRun(int exit, String out, String err) {

    public static synchronized CliRun run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int exit = CityHealthCli.run(args);
            return new CliRun(exit, capturedOut.toString(StandardCharsets.UTF_8), withoutLogbackStatus(capturedErr.toString(StandardCharsets.UTF_8)));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * System.err is the whole test JVM's: a Spring context another test closed may still have a thread logging after
     * logback was reset, and logback then writes a status line ("12:00:00,000 |-WARN in Logger[…] - No appenders …").
     * Those lines are not the command's output; a real ./cityhealth process has no other tests' threads.
     */
    private static String withoutLogbackStatus(String err) {
        return err.lines().filter(line -> !line.matches("\\d{2}:\\d{2}:\\d{2},\\d{3} \\|-.*"))
                .collect(java.util.stream.Collectors.joining("\n", "", err.isEmpty() ? "" : "\n"));
    }
}
