/**
 * Storage lifecycle: declarative tier rules ({@code lifecycle-policy.yml}) applied in batches by a scheduler with a
 * dry run and cost estimate, synchronous and bulk recall with a time-to-live, retention per category with legal
 * holds and refused early purges, and the scrubber that re-verifies cold archives and vault objects and repairs
 * archives from the vault. The moves themselves (copy, verify, switch, delete) are the clinical store's
 * {@link org.cityhealth.hub.store.TieredStorage}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Storage lifecycle")
package org.cityhealth.hub.lifecycle;
