package org.cityhealth.hub.access;

import jakarta.servlet.http.HttpServletRequest;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
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
 * The route rules of the hub: every route is authenticated except the login page, static assets, the
 * FHIR CapabilityStatement (clients need it to discover the server) and the health probe. Senders
 * (role SOURCE) may only submit; reading is for operators until the clinical-access issue adds doctors,
 * citizens and the policy decision point.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SecurityConfiguration {

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http, AccountService accounts, PasswordEncoder passwordEncoder,
                                    SourceRegistry sources, Ledger ledger, LedgerReader ledgerReader) throws Exception {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(passwordEncoder);
        var authenticationManager = new ProviderManager(new CachingPasswordAuthenticationProvider(passwords));

        AuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");
        AuthenticationEntryPoint entryPoint = (request, response, failure) -> {
            recordRefusal(ledger, request, "not authenticated");
            if (ErrorResponses.isApi(request)) {
                response.addHeader("WWW-Authenticate", "Bearer realm=\"cityhealth\"");
                response.addHeader("WWW-Authenticate", "Basic realm=\"cityhealth\"");
                ErrorResponses.write(request, response, 401, "login", "Unauthorized",
                        "authentication required: a source bearer token or an account (HTTP Basic)");
            } else {
                loginPage.commence(request, response, failure);
            }
        };
        AccessDeniedHandler denied = (request, response, failure) -> {
            String reason = "your role does not allow " + request.getMethod() + " " + request.getRequestURI();
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

        http.authenticationManager(authenticationManager)
                .addFilterBefore(new SourceTokenFilter(sources, entryPoint), BasicAuthenticationFilter.class)
                .addFilterAfter(new AccessDecisionRecorder(ledger), AuthorizationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .formLogin(form -> form.loginPage("/login").successHandler(new HomeByRole()).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(csrfNeeded))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers("/login", "/error", "/webjars/**", "/css/**", "/js/**", "/img/**", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.GET, "/fhir/metadata", "/actuator/health").permitAll()
                        .requestMatchers(HttpMethod.POST, "/fhir", "/fhir/").hasRole(Role.SOURCE.name())
                        .requestMatchers(HttpMethod.GET, "/ingest/jobs/**").hasAnyRole(Role.SOURCE.name(), Role.OPERATOR.name())
                        .requestMatchers("/ingest/**").hasRole(Role.SOURCE.name())
                        .requestMatchers(SecurityConfiguration::isFhirRead).hasRole(Role.OPERATOR.name())
                        .requestMatchers(HttpMethod.GET, LEDGER_PUBLIC_FILES).access(ledgerReader.publicRead()
                                ? (authentication, context) -> new AuthorizationDecision(true)
                                : AuthorityAuthorizationManager.hasRole(Role.AUDITOR.name()))
                        .requestMatchers("/ledger/**", "/audit/**").hasRole(Role.AUDITOR.name())
                        .requestMatchers("/my/**").hasRole(Role.CITIZEN.name())
                        .requestMatchers("/admin/**", "/actuator/**").hasRole(Role.OPERATOR.name())
                        .anyRequest().hasRole(Role.OPERATOR.name()));
        return http.build();
    }

    /** After sign-in: the page asked for, else the role's home (auditors and citizens have theirs; the dashboard is the operators'). */
    private static final class HomeByRole extends org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler {
        @Override
        protected String determineTargetUrl(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                                            org.springframework.security.core.Authentication authentication) {
            for (Role role : new Role[] {Role.AUDITOR, Role.CITIZEN}) {
                if (authentication.getAuthorities().stream().allMatch(authority -> role.authority().equals(authority.getAuthority()))) {
                    return role == Role.AUDITOR ? "/audit" : "/my/access";
                }
            }
            return "/";
        }
    }

    /** The verifiable log itself (tlog-tiles paths, key, proofs): public when configured so; searches never are. */
    private static final String[] LEDGER_PUBLIC_FILES = {"/ledger/checkpoint", "/ledger/key", "/ledger/witnesses", "/ledger/tile/**",
        "/ledger/entries/*", "/ledger/proof/**"};

    /** A refusal is a policy decision too, recorded like the permits. */
    private static void recordRefusal(Ledger ledger, HttpServletRequest request, String reason) {
        ledger.record(LedgerEvent.deny("http." + request.getMethod().toLowerCase(java.util.Locale.ROOT), reason)
                .detail("path", request.getRequestURI()));
    }

    private static boolean isFhirRead(HttpServletRequest request) {
        String method = request.getMethod();
        return request.getRequestURI().startsWith(request.getContextPath() + "/fhir") && ("GET".equals(method) || "HEAD".equals(method));
    }
}
