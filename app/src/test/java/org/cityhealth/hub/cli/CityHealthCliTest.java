package org.cityhealth.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a person uses it: help texts, and failures as one readable line with a non-zero exit. */
class CityHealthCliTest {

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void helpNamesEveryCommandAndEachCommandExplainsItself() {
        CliRun help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("serve", "demo", "generate", "source", "vault", "ingest", "bench", "ledger", "witness", "全民健康数据中心");
        for (String command : new String[] {"serve", "demo", "generate", "vault restore", "source add", "ingest ndjson", "bench ingest",
            "bench ledger", "ledger verify", "ledger key", "witness", "storage verify"}) {
            CliRun sub = run((command + " --help").split(" "));
            assertThat(sub.exit()).as(command).isZero();
            assertThat(sub.out()).as(command).contains("Usage: cityhealth " + command);
        }
    }

    @Test
    void serveOnAFreshDirectoryWithoutAnAdminPasswordFailsInOneLine(@TempDir Path data) {
        if (System.getenv(FreshStart.PASSWORD_VARIABLE) != null) {
            return; // the environment provides a password, so this start would succeed
        }
        CliRun run = run("serve", "--data", data.toString(), "--port", "0");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("cityhealth: ").contains("CITYHEALTH_ADMIN_PASSWORD");
    }

    @Test
    void sourceAddPrintsTheTokenOnceAndRefusesADuplicateInOneLine(@TempDir Path data) {
        CliRun added = run("source", "add", "--code", "H009", "--name", "测试医院", "--level", "二级甲等", "--data", data.toString());
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("\"code\":\"H009\"").containsPattern("\"token\":\"chs_[A-Za-z0-9]{40}\"");
        CliRun again = run("source", "add", "--code", "H009", "--name", "测试医院", "--data", data.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("cityhealth: a source with code H009 already exists");
    }

    @Test
    void vaultRestoreOfAnUnknownSourceFailsInOneLine(@TempDir Path data) {
        CliRun run = run("vault", "restore", "--source", "NOPE", "--from", "2025-01-01", "--to", "2025-01-31",
                "--out", data.resolve("out").toString(), "--data", data.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("cityhealth: no source with code NOPE");
    }

    @Test
    void storageVerifyOfAFreshHubFindsNothingToRepair(@TempDir Path data) {
        CliRun run = run("storage", "verify", "--data", data.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Verified 0 cold archives and 0 vault objects: 0 damaged");
    }

    @Test
    void keysRotateWithoutRewritingData(@TempDir Path data) {
        assertThat(run("storage", "rotate-key", "--owner", "cold", "--data", data.toString()).out()).contains("New data key", "for cold");
        CliRun master = run("storage", "rotate-key", "--master", "--data", data.toString());
        assertThat(master.exit()).as(master.err()).isZero();
        assertThat(master.out()).contains("re-wrapped 1 data keys");
        CliRun neither = run("storage", "rotate-key", "--data", data.toString());
        assertThat(neither.exit()).isEqualTo(1);
        assertThat(neither.err().strip()).isEqualTo("cityhealth: give either --owner CODE or --master");
    }

    @Test
    void anInvalidLifecyclePolicyStopsStartUpNamingTheRuleAndTheField(@TempDir Path data) throws java.io.IOException {
        Path policy = java.nio.file.Files.writeString(data.resolve("policy.yml"), "rules:\n  - name: old-labs\n    tier: cold\n    older-then: 3y\n");
        CliRun run = run("storage", "verify", "--data", data.toString(), "--policy", policy.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("cityhealth: ").contains("rule 1 'old-labs': unknown field 'older-then'");
    }

    @Test
    void badOptionsAreExplained() {
        CliRun run = run("vault", "restore", "--source", "X", "--from", "yesterday", "--to", "2025-01-01", "--out", "/tmp/x");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--from");
    }

    @Test
    void ledgerVerifyExplainsBadArgumentsInOneLine(@TempDir Path dir) {
        CliRun noKey = run("ledger", "verify", "--dir", dir.toString());
        assertThat(noKey.exit()).isEqualTo(1);
        assertThat(noKey.err().strip()).isEqualTo("cityhealth: --key is required with --dir and --url: take it from the hub's /ledger/key");

        CliRun badKey = run("ledger", "verify", "--dir", dir.toString(), "--key", "not+a+key");
        assertThat(badKey.exit()).isEqualTo(1);
        assertThat(badKey.err().lines().count()).isEqualTo(1);
        assertThat(badKey.err()).startsWith("cityhealth: ").doesNotContain("Exception");

        CliRun empty = run("ledger", "verify", "--dir", dir.toString(), "--key",
                org.cityhealth.ledger.note.NoteKeys.generate("x.example/log", org.cityhealth.ledger.note.KeyType.ED25519).verifierKey(),
                "--trust", dir.resolve("trusted").toString());
        assertThat(empty.exit()).isEqualTo(1);
        assertThat(empty.err().strip()).isEqualTo("cityhealth: ledger verify failed: checkpoint: the log has no checkpoint file");
    }
}
