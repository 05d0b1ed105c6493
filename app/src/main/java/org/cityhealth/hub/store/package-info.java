/**
 * The person-centric clinical store: every version of every resource with its provenance, the current
 * version's search index, reads, history, search and {@code $everything}. Rows carry the hub person key,
 * so one person's record is one indexed range scan and the tables shard by person.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Clinical store")
package org.cityhealth.hub.store;
