package org.cityhealth.hub.imaging;

import java.net.InetSocketAddress;
import org.cityhealth.hub.access.Action;
import org.cityhealth.hub.access.Decision;
import org.cityhealth.hub.access.PolicyDecisionPoint;
import org.cityhealth.hub.access.Subjects;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.source.Source;
import org.springframework.stereotype.Component;

/**
 * Who may query and retrieve over DIMSE, asked before a C-FIND or C-MOVE with the source in the security context: the
 * source from one of its {@code query-networks} (a calling AE title alone is too easily guessed), then the policy
 * decision point's route decision. A refusal is recorded in the ledger, as refusals of HTTP routes are.
 */
@Component
class DimseQueryGate {

    private final ImagingSettings settings;
    private final PolicyDecisionPoint pdp;
    private final Subjects subjects;
    private final Ledger ledger;

    DimseQueryGate(ImagingSettings settings, PolicyDecisionPoint pdp, Subjects subjects, Ledger ledger) {
        this.settings = settings;
        this.pdp = pdp;
        this.subjects = subjects;
        this.ledger = ledger;
    }

    /** Null when the source may go on; else the reason, already recorded. */
    String refusal(Source source, InetSocketAddress remote, String action) {
        String host = remote.getAddress().getHostAddress();
        String reason = null;
        if (!settings.mayQueryFrom(source.code(), remote.getAddress())) {
            reason = "not from a query network of source " + source.code();
        } else if (pdp.decideRoute(subjects.current(), Action.DIMSE_QUERY, null, host) instanceof Decision.Deny deny) {
            reason = deny.reason();
        }
        if (reason != null) {
            ledger.record(LedgerEvent.deny(action, reason).detail("remote", host));
        }
        return reason;
    }
}
