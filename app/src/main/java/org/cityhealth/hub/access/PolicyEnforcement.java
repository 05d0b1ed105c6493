package org.cityhealth.hub.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The security filter's enforcement point: every request, whatever its route, is put to the policy decision point;
 * nothing is decided here. The decision is left on the request for the refusal handlers and the recorder.
 */
final class PolicyEnforcement implements AuthorizationManager<RequestAuthorizationContext> {

    static final String DECISION = PolicyEnforcement.class.getName() + ".decision";
    static final String ACTION = PolicyEnforcement.class.getName() + ".action";

    private final PolicyDecisionPoint pdp;
    private final Subjects subjects;

    PolicyEnforcement(PolicyDecisionPoint pdp, Subjects subjects) {
        this.pdp = pdp;
        this.subjects = subjects;
    }

    @Override
    @SuppressWarnings("deprecation")
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Action action = pdp.actionOf(request.getMethod(), path);
        Decision decision = pdp.decideRoute(subjects.of(authentication.get()), action, fhirType(path), request.getRemoteAddr());
        request.setAttribute(DECISION, decision);
        request.setAttribute(ACTION, action);
        return new AuthorizationDecision(decision.permitted());
    }

    /** The resource type a FHIR path names ({@code /fhir/Observation/…}), for SMART scopes; null elsewhere. */
    static String fhirType(String path) {
        if (!path.startsWith("/fhir/")) {
            return null;
        }
        String rest = path.substring("/fhir/".length());
        int slash = rest.indexOf('/');
        String type = slash < 0 ? rest : rest.substring(0, slash);
        return !type.isEmpty() && Character.isUpperCase(type.charAt(0)) ? type : null;
    }
}
