package org.cityhealth.hub.access;

import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every route of the hub and the action it performs, first match wins. A route missing here is refused to everyone
 * ({@link Action} NO_RULE); a test walks every handler mapping and proves each one resolves to a rule here.
 */
final class Routes {

    record Route(String method, PathPattern pattern, Action action) {
        boolean matches(String requestMethod, PathContainer path) {
            return (method == null || method.equals(requestMethod) || ("HEAD".equals(requestMethod) && "GET".equals(method)))
                    && pattern.matches(path);
        }
    }

    private static final PathPatternParser PARSER = new PathPatternParser();

    private static final List<Route> TABLE = List.of(
            any("/login", Action.SIGN_IN), any("/error", Action.SIGN_IN),
            any("/webjars/**", Action.PUBLIC_ASSET), any("/css/**", Action.PUBLIC_ASSET), any("/js/**", Action.PUBLIC_ASSET),
            any("/img/**", Action.PUBLIC_ASSET), any("/favicon.ico", Action.PUBLIC_ASSET),
            get("/.well-known/smart-configuration", Action.TOKEN_DISCOVERY), get("/.well-known/jwks.json", Action.TOKEN_DISCOVERY),
            get("/fhir/.well-known/smart-configuration", Action.TOKEN_DISCOVERY),
            get("/fhir/metadata", Action.FHIR_METADATA), get("/actuator/health", Action.HEALTH_PROBE),
            post("/auth/token", Action.TOKEN_ISSUE), any("/logout", Action.SIGN_OUT),

            post("/fhir", Action.SUBMIT), post("/fhir/", Action.SUBMIT),
            get("/ingest/jobs/**", Action.INGEST_STATUS), any("/ingest/**", Action.SUBMIT),
            post("/fhir/Patient/$match", Action.FHIR_IDENTITY), get("/fhir/Patient/$ihe-pix", Action.FHIR_IDENTITY),
            get("/fhir/Patient/$summary", Action.FHIR_SUMMARY), get("/fhir/Patient/{id}/$summary", Action.FHIR_SUMMARY),
            get("/fhir/Consent", Action.CONSENT_READ), get("/fhir/Consent/{id}", Action.CONSENT_READ),
            post("/fhir/Consent", Action.CONSENT_WRITE), route("DELETE", "/fhir/Consent/{id}", Action.CONSENT_WRITE),
            // Every other FHIR route: reads, and the controller's own "not supported" answer for other methods.
            any("/fhir/**", Action.FHIR_READ),

            // DICOMweb: STOW-RS from a source's PACS, QIDO-RS and WADO-RS for clinical readers (other methods: 405 from the controller).
            post("/dicomweb/studies", Action.SUBMIT), post("/dicomweb/studies/{study}", Action.SUBMIT),
            get("/dicomweb/**", Action.DICOMWEB_READ),

            get("/ledger/checkpoint", Action.LEDGER_FILES), get("/ledger/key", Action.LEDGER_FILES),
            get("/ledger/witnesses", Action.LEDGER_FILES), get("/ledger/tile/**", Action.LEDGER_FILES),
            get("/ledger/entries/*", Action.LEDGER_FILES), get("/ledger/proof/**", Action.LEDGER_FILES),
            any("/ledger/**", Action.AUDIT), any("/audit/**", Action.AUDIT), any("/audit", Action.AUDIT),

            any("/my/**", Action.CITIZEN_PORTAL),
            any("/clinic/emergency/**", Action.BREAK_GLASS), any("/clinic/emergency", Action.BREAK_GLASS),
            any("/clinic/**", Action.WORKSTATION), any("/clinic", Action.WORKSTATION),
            any("/privacy/**", Action.PRIVACY_REVIEW), any("/privacy", Action.PRIVACY_REVIEW),

            any("/admin/**", Action.OPERATIONS), any("/actuator/**", Action.OPERATIONS),
            get("/", Action.OPERATIONS), any("/persons/**", Action.OPERATIONS), any("/persons", Action.OPERATIONS),
            any("/exams/**", Action.OPERATIONS), any("/exams", Action.OPERATIONS),
            any("/sources/**", Action.OPERATIONS), any("/sources", Action.OPERATIONS), any("/mpi/**", Action.OPERATIONS),
            any("/mpi", Action.OPERATIONS), any("/storage/**", Action.OPERATIONS), any("/storage", Action.OPERATIONS),
            any("/vault/**", Action.OPERATIONS), any("/vault", Action.OPERATIONS), any("/ui/api/**", Action.OPERATIONS));

    private Routes() {
    }

    /** The action of a request, or null when no rule covers it. */
    static Action actionOf(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Route route : TABLE) {
            if (route.matches(method, container)) {
                return route.action();
            }
        }
        return null;
    }

    static List<Route> table() {
        return TABLE;
    }

    private static Route any(String pattern, Action action) {
        return route(null, pattern, action);
    }

    private static Route get(String pattern, Action action) {
        return route("GET", pattern, action);
    }

    private static Route post(String pattern, Action action) {
        return route("POST", pattern, action);
    }

    private static Route route(String method, String pattern, Action action) {
        return new Route(method, PARSER.parse(pattern), action);
    }
}
