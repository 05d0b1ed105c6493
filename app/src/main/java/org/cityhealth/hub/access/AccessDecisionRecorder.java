package org.cityhealth.hub.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every permitted request in the ledger before it runs, with the policy decision point's reason, except where the handler records a richer entry
 * of its own (FHIR reads and submissions, ingest, ledger search, the audit pages, a person's page — whose path
 * holds a person key that entries carry only as a pseudonym —, an exam and its PDF, recorded by person; the list {@code /exams} is recorded here)
 * and except the public assets and the log's files. Refusals are recorded by {@link SecurityConfiguration}'s handlers.
 */
final class AccessDecisionRecorder extends OncePerRequestFilter {

    /** Paths whose handlers record their own entries, or that carry nothing about anyone. */
    private static final List<String> NOT_RECORDED_HERE = List.of("/fhir", "/ingest/", "/ledger/", "/audit/", "/persons/", "/exams/", "/my/", "/my", "/clinic", "/privacy", "/auth/", "/.well-known/", "/webjars/",
            "/css/", "/js/", "/img/", "/favicon.ico", "/login", "/error", "/actuator/health");

    private final Ledger ledger;

    AccessDecisionRecorder(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return NOT_RECORDED_HERE.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        LedgerEvent event = LedgerEvent.permit("http." + request.getMethod().toLowerCase(java.util.Locale.ROOT)).detail("path", request.getRequestURI());
        if (request.getAttribute(PolicyEnforcement.DECISION) instanceof Decision.Permit permit) {
            event = event.because(permit.reason());
        }
        ledger.record(event);
        chain.doFilter(request, response);
    }
}
