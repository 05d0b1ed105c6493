/**
 * The audit ledger: a verifiable transparency log (C2SP tlog-tiles, signed-note checkpoints, tlog-witness
 * cosignatures) of every operation of the hub. Other modules call {@link org.cityhealth.hub.ledger.Ledger#record}
 * inside the transaction of the operation; the sequencer integrates the outbox into the tiled Merkle tree in the
 * object store, signs a checkpoint and publishes it once the configured quorum of hospital witnesses has cosigned.
 * The log is served under {@code /ledger/} so that any C2SP client can verify it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit ledger")
package org.cityhealth.hub.ledger;
