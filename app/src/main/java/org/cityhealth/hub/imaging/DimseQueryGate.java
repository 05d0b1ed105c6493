package org.cityhealth.hub.imaging;

import java.net.InetSocketAddress;
import java.util.function.Function;
import java.util.function.Supplier;
import org.cityhealth.hub.access.Action;
import org.cityhealth.hub.access.Decision;
import org.cityhealth.hub.access.PolicyDecisionPoint;
import org.cityhealth.hub.access.SourceAuthentication;
import org.cityhealth.hub.access.Subjects;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.source.Source;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Runs a C-FIND or C-MOVE as the source its calling AE title stands for, when it may: the source in the security
 * context, so that the policy decision point decides on it and the ledger records it as the source's, as they do for
 * its HTTP calls; then the source from one of its {@code query-networks} (a calling AE title alone is too easily
 * guessed) and the PDP's route decision. A refusal is recorded in the ledger, as refusals of HTTP routes are.
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

    /** {@code work} as the source when it may query from {@code remote}; else {@code refused} of the reason (recorded). */
    <T> T run(Source source, InetSocketAddress remote, String action, Supplier<T> work, Function<String, T> refused) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(SourceAuthentication.of(source));
        SecurityContextHolder.setContext(context);
        try {
            String reason = refusal(source, remote, action);
            return reason == null ? work.get() : refused.apply("refused: " + reason);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private String refusal(Source source, InetSocketAddress remote, String action) {
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
