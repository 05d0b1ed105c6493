package org.cityhealth.hub.access;

import jakarta.servlet.http.HttpServletRequest;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The security filter chain: how callers authenticate (sessions with CSRF for the web UI, HTTP Basic, source tokens,
 * JWTs of the hub or a configured OpenID provider) and one rule for every request: ask the
 * {@link PolicyDecisionPoint}. No route is decided here.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SecurityConfiguration {

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http, AccountService accounts, PasswordEncoder passwordEncoder, SourceRegistry sources,
                                    Ledger ledger, PolicyDecisionPoint pdp, Subjects subjects, AccessSettings settings, HubTokens tokens,
                                    org.cityhealth.hub.identity.PersonIndex persons) throws Exception {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(passwordEncoder);
        var authenticationManager = new ProviderManager(new CachingPasswordAuthenticationProvider(passwords, accounts, settings, ledger));

        AuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");
        AuthenticationEntryPoint entryPoint = (request, response, failure) -> {
            boolean badToken = failure instanceof org.springframework.security.oauth2.server.resource.InvalidBearerTokenException
                    || failure instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException;
            String why = badToken || failure instanceof org.springframework.security.authentication.BadCredentialsException
                    || failure instanceof org.springframework.security.authentication.LockedException
                    ? failure.getMessage() : "not authenticated";
            recordRefusal(ledger, request, why);
            if (ErrorResponses.isApi(request)) {
                response.addHeader("WWW-Authenticate", badToken ? "Bearer realm=\"cityhealth\", error=\"invalid_token\"" : "Bearer realm=\"cityhealth\"");
                response.addHeader("WWW-Authenticate", "Basic realm=\"cityhealth\"");
                ErrorResponses.write(request, response, 401, "login", "Unauthorized", badToken ? "the bearer token was refused: " + why
                        : failure instanceof org.springframework.security.authentication.LockedException ? why
                        : "authentication required: a bearer token (source token or JWT) or an account (HTTP Basic)");
            } else {
                loginPage.commence(request, response, failure);
            }
        };
        AccessDeniedHandler denied = (request, response, failure) -> {
            String reason = (request.getAttribute(PolicyEnforcement.DECISION) instanceof Decision.Deny deny ? deny.reason()
                    : "refused") + ": " + request.getMethod() + " " + request.getRequestURI();
            recordRefusal(ledger, request, reason);
            if (ErrorResponses.isApi(request)) {
                ErrorResponses.write(request, response, 403, "forbidden", "Forbidden", reason);
            } else {
                response.sendError(403, reason);
            }
        };

        // Cookie sessions (the web UI) need CSRF tokens; API calls that carry their own credentials do not, and
        // an API call with no credentials and no session gets a 401 rather than a CSRF refusal.
        RequestMatcher csrfNeeded = request -> !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
                && !"OPTIONS".equals(request.getMethod()) && request.getHeader("Authorization") == null
                && (!ErrorResponses.isApi(request) || request.getSession(false) != null);

        // Source tokens are opaque (chs_…) and checked by SourceTokenFilter; every other bearer token must be a JWT.
        var jwtOnly = new org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver();
        org.springframework.security.oauth2.server.resource.web.BearerTokenResolver jwtTokens = request -> {
            String token = jwtOnly.resolve(request);
            return token == null || SourceTokenFilter.isSourceToken(token) ? null : token;
        };
        JwtSubjects jwt = new JwtSubjects(tokens, settings, persons);
        // Bearer JWTs have their own authentication manager: the one set below for the whole chain checks passwords only,
        // and the resource server would otherwise use it and find no provider for a JWT.
        var jwtProvider = new org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider(jwt.decoder());
        jwtProvider.setJwtAuthenticationConverter(jwt);
        var jwtAuthentication = new ProviderManager(jwtProvider);

        http.authenticationManager(authenticationManager)
                .addFilterBefore(new SourceTokenFilter(sources, entryPoint), BasicAuthenticationFilter.class)
                .addFilterAfter(new AccessDecisionRecorder(ledger), AuthorizationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .oauth2ResourceServer(resource -> resource.bearerTokenResolver(jwtTokens).authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(denied)
                        .jwt(j -> j.authenticationManager(jwtAuthentication)))
                .formLogin(form -> form.loginPage("/login").successHandler(new HomeByRole()).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(csrfNeeded))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .authorizeHttpRequests(rules -> rules.anyRequest().access(new PolicyEnforcement(pdp, subjects)));
        return http.build();
    }

    /** After sign-in: the page asked for, else the role's home. */
    private static final class HomeByRole extends org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler {
        private static final java.util.Map<Role, String> HOMES = java.util.Map.of(Role.AUDITOR, "/audit", Role.CITIZEN, "/my",
                Role.DOCTOR, "/clinic", Role.EMERGENCY_DOCTOR, "/clinic/emergency", Role.PRIVACY_OFFICER, "/privacy");

        @Override
        protected String determineTargetUrl(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                                            org.springframework.security.core.Authentication authentication) {
            return HOMES.entrySet().stream()
                    .filter(home -> authentication.getAuthorities().stream().anyMatch(a -> home.getKey().authority().equals(a.getAuthority())))
                    .map(java.util.Map.Entry::getValue).findFirst().orElse("/");
        }
    }

    /** A refusal is a policy decision too, recorded like the permits. */
    private static void recordRefusal(Ledger ledger, HttpServletRequest request, String reason) {
        ledger.record(LedgerEvent.deny("http." + request.getMethod().toLowerCase(java.util.Locale.ROOT), reason)
                .detail("path", request.getRequestURI()));
    }
}
