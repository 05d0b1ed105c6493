package org.cityhealth.hub.ledger;

/**
 * The log's head: the integrated tree and the checkpoint published with its witness quorum.
 *
 * @param treeSize            entries integrated into the tiles
 * @param rootHash            root of that tree
 * @param checkpoint          the hub-signed checkpoint of that tree (not yet witnessed)
 * @param publishedSize       size of the last published checkpoint
 * @param publishedCheckpoint the published checkpoint with its cosignatures, as served at {@code /ledger/checkpoint}
 */
record LedgerState(long treeSize, byte[] rootHash, String checkpoint, long publishedSize, String publishedCheckpoint) {

    boolean unpublished() {
        return publishedSize < treeSize;
    }
}
