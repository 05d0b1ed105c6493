/**
 * A transparency log witness per c2sp.org/tlog-witness: the protocol core
 * ({@link org.cityhealth.ledger.witness.Witness}), its durable state
 * ({@link org.cityhealth.ledger.witness.FileWitnessState}), an HTTP server on the JDK's
 * built-in server ({@link org.cityhealth.ledger.witness.WitnessServer}) and the client a log
 * uses to collect cosignatures ({@link org.cityhealth.ledger.witness.WitnessClient}).
 */
package org.cityhealth.ledger.witness;
