package org.cityhealth.hub.ledger;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit ledger; defaults documented in application.yml.
 *
 * @param origin       the log's name in its checkpoints (C2SP tlog-checkpoint origin line)
 * @param keyType      the hub's checkpoint signature: ED25519 (what every C2SP client verifies) or SM2
 * @param hash         the Merkle tree hash: SHA256 (C2SP default) or SM3
 * @param publicRead   serve {@code /ledger/} without login (checkpoint, tiles, key, proofs); auditors always may
 * @param batchSize    most outbox entries integrated in one sequencing round
 * @param pollInterval how often the sequencer looks for entries written by other processes
 * @param quorum       cosignatures needed before a checkpoint is published; 0 publishes with the hub's signature alone
 * @param witnesses    the hospitals' witnesses asked for cosignatures
 * @param recordOperations false only to measure the ledger's own cost ({@code bench ingest --without-ledger}); the hub
 *                     warns at start-up, since operations then leave no trace
 */
@ConfigurationProperties("cityhealth.ledger")
public record LedgerSettings(@DefaultValue("cityhealth.local/ledger") String origin,
                             @DefaultValue("ED25519") String keyType,
                             @DefaultValue("SHA256") String hash,
                             @DefaultValue("false") boolean publicRead,
                             @DefaultValue("4096") int batchSize,
                             @DefaultValue("100ms") Duration pollInterval,
                             @DefaultValue("0") int quorum,
                             @DefaultValue("2s") Duration witnessTimeout,
                             @DefaultValue List<WitnessSettings> witnesses,
                             @DefaultValue("true") boolean recordOperations) {

    /**
     * One witness.
     *
     * @param name the witness's name (its key name)
     * @param url  submission prefix; {@code /add-checkpoint} is appended
     * @param key  its verifier key in C2SP vkey form
     */
    public record WitnessSettings(String name, String url, String key) {
    }
}
