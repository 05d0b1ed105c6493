/**
 * Receiving records: FHIR transaction and batch bundles (JSON and XML) and bulk NDJSON. Every submission
 * goes to the vault first; then it is checked, its ids and references are mapped to the hub's, its
 * patients are linked to persons and its resources stored, all in one database transaction with the
 * vault outcome, so a submission is stored whole or not at all.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Ingest")
package org.cityhealth.hub.ingest;
