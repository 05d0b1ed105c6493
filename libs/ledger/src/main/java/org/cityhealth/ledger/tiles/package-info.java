/**
 * C2SP tlog-tiles (https://c2sp.org/tlog-tiles): a transparency log published as static,
 * immutable files.
 *
 * <ul>
 *   <li>{@link org.cityhealth.ledger.tiles.TileRef}: the resource names ({@code tile/<L>/<N>[.p/<W>]},
 *       {@code tile/entries/<N>[.p/<W>]}), formatting and strict parsing.
 *   <li>{@link org.cityhealth.ledger.tiles.TileStorage}: where they live
 *       ({@link org.cityhealth.ledger.tiles.DirectoryTileStorage},
 *       {@link org.cityhealth.ledger.tiles.MemoryTileStorage}, or an adapter).
 *   <li>{@link org.cityhealth.ledger.tiles.TiledLog}: the writer, appending batches and returning the
 *       {@link org.cityhealth.ledger.tiles.LogState} the caller puts in its checkpoint.
 *   <li>{@link org.cityhealth.ledger.tiles.TileProofs}: roots, inclusion and consistency proofs and
 *       entries read back from the tiles, for servers and clients.
 *   <li>{@link org.cityhealth.ledger.tiles.TreeAudit}: a full offline recomputation that names the
 *       first bad entry.
 * </ul>
 *
 * <p>Tiles have height 8 (256 hashes); the hash function is the log's {@code HashFunction}
 * (the spec says SHA-256; SM3 logs use the same layout with SM3 hashes, and only our own clients
 * can read them). Sizes and indices are {@code long}, so the arithmetic holds up to 2^63-1
 * entries.
 */
package org.cityhealth.ledger.tiles;
