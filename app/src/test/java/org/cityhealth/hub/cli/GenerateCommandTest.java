package org.cityhealth.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    @Test
    void identityNoiseIsOffByDefaultAndItsGroundTruthGoesToTheResidentsCsv(@TempDir Path dir) throws IOException {
        CliRun clean = CliRun.run("generate", "--residents", "120", "--seed", "5", "--format", "ndjson", "--out",
                dir.resolve("clean").toString());
        assertThat(clean.exit()).as(clean.err()).isZero();
        assertThat(clean.out()).doesNotContain("Identity noise");
        assertThat(Files.readAllLines(dir.resolve("clean/residents.csv")).getFirst())
                .isEqualTo("index,residentId,sourceCode,sourcePatientId");

        CliRun noisy = CliRun.run("generate", "--residents", "120", "--seed", "5", "--format", "ndjson", "--out",
                dir.resolve("noisy").toString(), "--identity-noise", "realistic", "--noise", "twins=0.3,name-typo=0.5");
        assertThat(noisy.exit()).as(noisy.err()).isZero();
        assertThat(noisy.out()).contains("Identity noise: name-typo=0.5, id-typo=0.003", "twins=0.3", "residents.csv");
        var csv = Files.readAllLines(dir.resolve("noisy/residents.csv"));
        assertThat(csv.getFirst()).isEqualTo("index,residentId,sourceCode,sourcePatientId,twinOf,residentIdSent,noise");
        assertThat(csv).anyMatch(line -> line.contains("NAME_")).anyMatch(line -> !line.split(",", -1)[4].equals("-1")
                && !line.startsWith("index"));
    }

    @Test
    void badNoiseSettingsFailInOneLineBeforeWritingAnything(@TempDir Path dir) {
        String out = dir.resolve("city").toString();
        CliRun level = CliRun.run("generate", "--residents", "100", "--out", out, "--identity-noise", "loud");
        assertThat(level.exit()).isEqualTo(1);
        assertThat(level.err().strip()).isEqualTo("cityhealth: identity noise must be none or realistic: loud");

        CliRun rate = CliRun.run("generate", "--residents", "100", "--out", out, "--noise", "twins=2");
        assertThat(rate.exit()).isEqualTo(1);
        assertThat(rate.err().strip()).isEqualTo("cityhealth: identity noise twins must be between 0 and 1: 2");

        CliRun kind = CliRun.run("generate", "--residents", "100", "--out", out, "--noise", "typos=0.1");
        assertThat(kind.exit()).isEqualTo(1);
        assertThat(kind.err().lines().toList()).hasSize(1);
        assertThat(kind.err()).startsWith("cityhealth: unknown identity noise kind 'typos'; expected one of name-typo");
        assertThat(dir.resolve("city")).doesNotExist();
    }
}
