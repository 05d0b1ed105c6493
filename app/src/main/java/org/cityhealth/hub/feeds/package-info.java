/**
 * Hospital feeds that do not speak FHIR: HL7 v2 over MLLP and HTTP ({@code hl7}), exam-center exports
 * ({@code exam}) and vital signs over MQTT ({@code vitals}). Each message goes to the vault first and is
 * converted to a FHIR transaction Bundle by a {@code FeedConverter}, then takes ingest's path.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Feeds")
package org.cityhealth.hub.feeds;
