package org.cityhealth.hub.vault;

/** How many submissions a restore wrote back and their total original size. */
public record RestoreSummary(int submissions, long bytes) {
}
