package org.cityhealth.hub.access;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Bearer tokens for API clients of the embedded default: a signed-in account (HTTP Basic or a session) asks for SMART
 * scopes and gets a short-lived JWT. Where a city runs its own OpenID provider, clients get tokens there instead
 * (cityhealth.access.oidc) and this endpoint simply stays unused.
 */
@RestController
class TokenController {

    private final Subjects subjects;
    private final HubTokens tokens;

    TokenController(Subjects subjects, HubTokens tokens) {
        this.subjects = subjects;
        this.tokens = tokens;
    }

    @PostMapping("/auth/token")
    ResponseEntity<Map<String, Object>> token(@RequestParam(name = "scope", required = false) String scope) {
        Subject subject = subjects.current();
        if (subject.scopes() != null) {
            return error("invalid_request", "a token cannot be exchanged for another: sign in with the account");
        }
        boolean citizen = subject.has(Role.CITIZEN);
        String requested = scope == null || scope.isBlank() ? (citizen ? "patient/*.read" : "user/*.read") : scope.strip();
        Set<String> granted = new LinkedHashSet<>();
        for (String one : requested.split("\\s+")) {
            var parsed = SmartScope.parse(one);
            if (parsed.isEmpty()) {
                return error("invalid_scope", "not a SMART clinical scope: " + one);
            }
            SmartScope.Context context = parsed.get().context();
            boolean allowed = citizen ? context == SmartScope.Context.PATIENT
                    : context == SmartScope.Context.USER || (context == SmartScope.Context.SYSTEM && subject.has(Role.OPERATOR));
            if (!allowed) {
                return error("invalid_scope", "role " + subject.mainRole() + " may not ask for " + one);
            }
            if (parsed.get().write()) {
                return error("invalid_scope", "clinical records are read-only through tokens (sources submit with their own token): " + one);
            }
            granted.add(one);
        }
        HubTokens.Issued issued = tokens.issue(subject, granted);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.token());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.expiresIn());
        body.put("scope", issued.scope());
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(body);
    }

    @GetMapping("/.well-known/jwks.json")
    Map<String, Object> keys() {
        return tokens.publicKeys();
    }

    /** SMART App Launch discovery (the parts the hub implements). */
    @GetMapping({"/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration"})
    Map<String, Object> smartConfiguration() {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", HubTokens.ISSUER);
        body.put("jwks_uri", base + "/.well-known/jwks.json");
        body.put("token_endpoint", base + "/auth/token");
        body.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        body.put("grant_types_supported", List.of("client_credentials"));
        body.put("scopes_supported", List.of("patient/*.read", "user/*.read", "system/*.read", "patient/*.rs", "user/*.rs"));
        body.put("capabilities", List.of("permission-patient", "permission-user", "permission-v1", "permission-v2"));
        return body;
    }

    private static ResponseEntity<Map<String, Object>> error(String code, String description) {
        return ResponseEntity.badRequest().header("Cache-Control", "no-store").body(Map.of("error", code, "error_description", description));
    }
}
