package org.cityhealth.hub.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.NoteVerifier;
import org.cityhealth.ledger.tiles.DirectoryTileStorage;
import org.cityhealth.ledger.tiles.TileStorage;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ledger", mixinStandardHelpOptions = true, description = "The tamper-evident audit ledger.",
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.Key.class})
class LedgerCommand {

    @Command(name = "key", mixinStandardHelpOptions = true,
            description = "Print the hub's ledger verifier key (C2SP vkey): what witnesses, auditors and verifiers are given.")
    static class Key implements Callable<Integer> {

        @Option(names = "--data", description = "the hub's data directory (default: ${DEFAULT-VALUE})", defaultValue = "./data")
        Path data;

        @Override
        public Integer call() throws Exception {
            System.out.println(verifierKeyIn(data));
            return 0;
        }
    }

    /** The verifier key of the hub whose data directory this is, derived from its signer key file. */
    static String verifierKeyIn(Path data) throws java.io.IOException {
        try (var keys = Files.list(data.resolve("keys"))) {
            Path file = keys.filter(p -> p.getFileName().toString().matches("ledger-(ed25519|sm2)\\.key")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no ledger key in " + data.resolve("keys")));
            return NoteKeys.verifierKeyOf(Files.readString(file).strip());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no ledger key in " + data.resolve("keys") + ": has the hub run on this directory?");
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = {
        "Verify the ledger: the checkpoint's signature and witness quorum, every entry and tile recomputed against its root,",
        "and consistency with the checkpoint trusted at the last successful run. Exits 1 naming the first bad index."})
    static class Verify implements Callable<Integer> {

        static final class Location {
            @Option(names = "--data", description = "the hub's data directory: its log (objects/ledger) and its own key")
            Path data;

            @Option(names = "--dir", description = "a C2SP tlog-tiles directory (checkpoint, tile/…); needs --key")
            Path dir;

            @Option(names = "--url", description = "a served log, e.g. http://hub:8080/ledger; needs --key")
            String url;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Location location;

        @Option(names = "--key", description = "the log's verifier key (C2SP vkey), as published at /ledger/key")
        String key;

        @Option(names = "--witness", description = "a witness's verifier key (repeat for each)")
        List<String> witnesses = List.of();

        @Option(names = "--quorum", description = "witness cosignatures required (default: ${DEFAULT-VALUE})", defaultValue = "0")
        int quorum;

        @Option(names = "--hash", description = "tree hash: SHA256 or SM3 (default: ${DEFAULT-VALUE})", defaultValue = "SHA256")
        String hash;

        @Option(names = "--user", description = "auditor account for --url (password in env CITYHEALTH_PASSWORD)")
        String user;

        @Option(names = "--trust", description = "file holding the last checkpoint trusted (default: ~/.cityhealth/trusted/<key name>-<key hash>)")
        Path trust;

        @Override
        public Integer call() throws Exception {
            String logKey = key != null ? key : ownKey();
            NoteVerifier verifier = NoteKeys.verifier(logKey);
            TileStorage storage = location.url != null ? new HttpTileStorage(location.url, user, System.getenv("CITYHEALTH_PASSWORD"))
                    : new DirectoryTileStorage(location.dir != null ? location.dir : location.data.resolve("objects/ledger"));
            Path trustFile = trust != null ? trust : Path.of(System.getProperty("user.home"), ".cityhealth", "trusted",
                    verifier.name().replaceAll("[^A-Za-z0-9.-]", "_") + "-" + "%08x".formatted(verifier.keyHash()));
            Files.createDirectories(trustFile.toAbsolutePath().getParent());
            LedgerVerification.Verified verified;
            try {
                verified = new LedgerVerification(hashFunction(), logKey, witnesses, quorum).verify(storage, trustFile);
            } catch (LedgerVerification.Failed failed) {
                System.err.println("cityhealth: ledger verify failed: " + failed.getMessage());
                return 1;
            }
            System.out.printf("ok: %s, %,d entries, root %s, cosigned by %d witness(es)%s; trusted in %s%n", verified.checkpoint().origin(),
                    verified.checkpoint().size(), HexFormat.of().formatHex(verified.checkpoint().rootHash()), verified.cosignatures(),
                    verified.extendedTrusted() ? ", consistent with the previously trusted checkpoint" : "", trustFile);
            return 0;
        }

        /** With --data the operator verifies the hub's own log with the hub's own key; others must name the key. */
        private String ownKey() throws java.io.IOException {
            if (location.data == null) {
                throw new IllegalArgumentException("--key is required with --dir and --url: take it from the hub's /ledger/key");
            }
            return verifierKeyIn(location.data);
        }

        private HashFunction hashFunction() {
            return switch (hash.toUpperCase(Locale.ROOT).replace("-", "")) {
                case "SHA256" -> HashFunction.SHA256;
                case "SM3" -> HashFunction.SM3;
                default -> throw new IllegalArgumentException("--hash must be SHA256 or SM3");
            };
        }
    }
}
