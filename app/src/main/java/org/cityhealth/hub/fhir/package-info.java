/**
 * The FHIR R4 REST API under {@code /fhir}: transaction and batch submission (delegated to ingest),
 * read, vread, history, search, {@code Patient/$everything} and the CapabilityStatement, in JSON and XML.
 * Responses are assembled from the stored JSON bodies without building HAPI model objects, which is what
 * keeps a whole person's record within the latency goal; XML is converted with HAPI on the way out.
 */
@org.springframework.modulith.ApplicationModule(displayName = "FHIR API")
package org.cityhealth.hub.fhir;
