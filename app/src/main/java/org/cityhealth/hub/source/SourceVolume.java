package org.cityhealth.hub.source;

/** A source with how much it has sent: submissions (accepted and rejected), stored resources and raw bytes. */
public record SourceVolume(Source source, long submissions, long rejected, long resources, long rawBytes) {
}
