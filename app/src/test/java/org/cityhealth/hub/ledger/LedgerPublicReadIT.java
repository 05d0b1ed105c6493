package org.cityhealth.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.TestDatabases;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.hub.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code cityhealth.ledger.public-read} the log's files are served to anyone, as a C2SP client fetches them,
 * and {@code ledger verify --url} checks a running hub over HTTP; searches stay with auditors.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "cityhealth.ledger.public-read=true")
class LedgerPublicReadIT {

    @LocalServerPort
    int port;

    @Autowired
    AdminBootstrap accounts;

    @Autowired
    LedgerReader reader;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @Test
    void anyoneReadsAndVerifiesTheLogButOnlyAuditorsSearchIt(@TempDir Path work) throws Exception {
        HubClient hub = new HubClient(port, accounts.demoPassword());
        hub.newSource("PUBLIC");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (reader.publishedSize() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        HubClient.Response checkpoint = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ledger/checkpoint")));
        assertThat(checkpoint.status()).isEqualTo(200);
        assertThat(checkpoint.header("Content-Type")).startsWith("text/plain");
        assertThat(checkpoint.body()).startsWith("cityhealth.local/ledger\n");
        // The level-0 tile of that checkpoint, at the path a C2SP client computes from the size alone: one hash per entry.
        int width = (int) Math.min(256, Long.parseLong(checkpoint.body().split("\n")[1]));
        HubClient.Response tile = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ledger/"
                + org.cityhealth.ledger.tiles.TileRef.tilePath(0, 0, width))));
        assertThat(tile.status()).isEqualTo(200);
        assertThat(tile.raw().body()).hasSize(32 * width);
        assertThat(hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ledger/tile/0/not-a-tile"))).status()).isEqualTo(404);
        assertThat(hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ledger/search"))).status()).isEqualTo(401);

        CliRun verified = CliRun.run("ledger", "verify", "--url", hub.base() + "/ledger", "--key", reader.verifierKey(),
                "--trust", work.resolve("trusted").toString());
        assertThat(verified.exit()).as(verified.err()).isZero();
        assertThat(verified.out()).startsWith("ok: cityhealth.local/ledger");
        CliRun wrongKey = CliRun.run("ledger", "verify", "--url", hub.base() + "/ledger", "--key",
                org.cityhealth.ledger.note.NoteKeys.generate("cityhealth.local/ledger", org.cityhealth.ledger.note.KeyType.ED25519).verifierKey(),
                "--trust", work.resolve("other").toString());
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.err()).contains("ledger verify failed: checkpoint:");
    }
}
