package org.cityhealth.hub.lifecycle;

import java.time.Instant;
import java.util.List;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.store.Tier;

/**
 * Objects kept outside the clinical store that follow the lifecycle policy too (DICOM instances): each run of the
 * policy ends by calling every bean implementing this, which moves its objects (copy, verify, switch, delete; each
 * move on the ledger) or, in a dry run, reports what would move.
 */
public interface ObjectLifecycle {

    /**
     * Where the policy puts a record of a type from a source with a clinical date. Only the rules' record conditions
     * are evaluated (types, sources, age); rules that look at the person (reads, death, inactivity) do not hold here.
     */
    interface Placer {
        Tier tierOf(String type, String sourceCode, Instant dated);
    }

    /** Records and bytes of one transition ("HOT→COLD"), added to the run's figures. */
    record Moved(String transition, long records, long bytesBefore, long bytesAfter) {
    }

    List<Moved> apply(Placer placer, Instant asOf, boolean dryRun, LedgerEvent.Actor actor);

    /**
     * Deletes the objects of a person being purged (their rows at once, on the ledger; their bytes after the commit) and
     * returns what went. Runs before the records' purge, so a purge that fails half way is completed by asking again.
     */
    Moved purge(long personKey, String reason, LedgerEvent.Actor actor);
}
