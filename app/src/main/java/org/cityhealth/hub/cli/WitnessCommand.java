package org.cityhealth.hub.cli;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cityhealth.ledger.note.KeyType;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.NoteVerifier;
import org.cityhealth.ledger.witness.FileWitnessState;
import org.cityhealth.ledger.witness.Witness;
import org.cityhealth.ledger.witness.WitnessServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A hospital's witness: a separate process with its own key that cosigns the hub's checkpoints only when they
 * extend what it cosigned before (C2SP tlog-witness). It needs no database and no hub code beyond the library.
 */
@Command(name = "witness", mixinStandardHelpOptions = true, description = {
    "Run a witness for the hub's ledger (C2SP tlog-witness: POST /add-checkpoint).",
    "Its key is created in --dir on first start; give the printed verifier key to the hub (cityhealth.ledger.witnesses)."})
class WitnessCommand implements Callable<Integer> {

    @Option(names = "--dir", description = "where the witness keeps its key and state (default: ${DEFAULT-VALUE})", defaultValue = "./witness")
    Path dir;

    @Option(names = "--name", description = "the witness's name, e.g. hospital-a.example/witness (default: ${DEFAULT-VALUE})",
            defaultValue = "witness.cityhealth.local")
    String name;

    @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "7380")
    int port;

    @Option(names = "--bind", description = "address to listen on (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--log", required = true, description = "verifier key (vkey) of a log to witness, from its /ledger/key (repeat for each)")
    List<String> logs;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        Path keyFile = dir.resolve("witness.key");
        if (!Files.exists(keyFile)) {
            Files.writeString(keyFile, NoteKeys.generate(name, KeyType.ED25519).signerKey() + "\n");
            try {
                Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own permissions protect it
            }
        }
        String signerKey = Files.readString(keyFile).strip();
        Map<String, List<NoteVerifier>> known = new LinkedHashMap<>();
        for (String log : logs) {
            NoteVerifier verifier = NoteKeys.verifier(log);
            known.computeIfAbsent(verifier.name(), origin -> new java.util.ArrayList<>()).add(verifier);
        }
        Witness witness = new Witness(signerKey, Clock.systemUTC(), known, new FileWitnessState(dir.resolve("state")));
        try (WitnessServer server = WitnessServer.start(new InetSocketAddress(bind, port), witness)) {
            System.out.println("witness " + NoteKeys.verifierKeyOf(signerKey).split("\\+")[0] + " listening on http://" + bind + ":" + server.port());
            System.out.println("  verifier key: " + NoteKeys.verifierKeyOf(signerKey));
            System.out.println("  witnessing:   " + String.join(", ", known.keySet()));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}
