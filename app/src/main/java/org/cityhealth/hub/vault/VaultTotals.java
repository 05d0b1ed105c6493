package org.cityhealth.hub.vault;

/** Vault size: submissions, rejected ones, original bytes and bytes actually stored (compressed, deduplicated). */
public record VaultTotals(long submissions, long rejected, long rawBytes, long storedBytes) {
}
