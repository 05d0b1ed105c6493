package org.cityhealth.hub.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every route the application serves, found in its handler mappings rather than listed by hand, is covered by a rule
 * of the policy decision point, and refused to anyone not signed in unless it is on the short list of open routes. A
 * controller added without a rule fails here.
 *
 * <p>Same configuration as the web UI tests, so that Spring starts one hub for both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cityhealth.data-directory=${java.io.tmpdir}/cityhealth-web-tests-${random.uuid}",
        "cityhealth.demo=true"})
@AutoConfigureMockMvc
class RouteGuardTests {

    /** The routes anyone may use without signing in, as patterns of the handler mappings; nothing else is open. */
    private static final Set<String> OPEN_ROUTES = Set.of(
            "GET /login", "ANY /error",
            "ANY /webjars/**", "GET /css/**", "GET /js/**", "GET /img/**",
            "GET /fhir/metadata", "GET /actuator/health",
            "GET /.well-known/jwks.json", "GET /.well-known/smart-configuration",
            // SMART App Launch puts its discovery document at the FHIR base as well as at the server root.
            "GET /fhir/.well-known/smart-configuration");

    /** Methods a mapping without a method condition answers, each tried. */
    private static final List<String> ALL_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /** The static-resource catch-all: its routes are the files it serves from classpath:/static, found one by one. */
    private static final String STATIC_CATCH_ALL = "/**";

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::((?:[^{}]|\\{[^}]*})+))?}");

    @Autowired
    ApplicationContext context;

    @Autowired
    PolicyDecisionPoint pdp;

    @Autowired
    MockMvc mvc;

    /** One route of a handler mapping: its method (ANY: none named), its pattern, and a concrete path that matches it. */
    record Route(String method, String pattern, String path) {
        String key() {
            return method + " " + pattern;
        }

        List<String> methods() {
            return method.equals("ANY") ? ALL_METHODS : List.of(method);
        }
    }

    @Test
    void theHandlerMappingsAreFoundIncludingTheFhirCatchAllAndTheActuator() {
        Set<String> keys = new TreeSet<>(routes().stream().map(Route::key).toList());
        assertThat(keys).contains("ANY /fhir/**", "GET /fhir/{type}/{id}", "POST /fhir/Consent", "GET /fhir/Patient/$summary",
                "GET /actuator/health", "GET /login", "POST /clinic/visit-code", "POST /auth/token", "GET /css/**", "GET /js/**");
        assertThat(keys.size()).as("routes found").isGreaterThan(40);
    }

    @Test
    void everyRouteHasARule() {
        List<String> uncovered = new ArrayList<>();
        for (Route route : routes()) {
            for (String method : route.methods()) {
                if (pdp.actionOf(method, route.path()) == null) {
                    uncovered.add(method + " " + route.path() + " (" + route.pattern() + ")");
                }
            }
        }
        assertThat(uncovered).as("routes without a rule in Routes").isEmpty();
    }

    @Test
    void everyRouteButTheOpenOnesRefusesAnUnauthenticatedCaller() throws Exception {
        Set<String> open = new TreeSet<>();
        List<String> notRefused = new ArrayList<>();
        for (Route route : routes()) {
            for (String method : route.methods()) {
                Action action = pdp.actionOf(method, route.path());
                assertThat(action).as("%s %s has a rule", method, route.path()).isNotNull();
                MockHttpServletResponse response = anonymous(method, route.path());
                if (action.open()) {
                    open.add(route.key());
                    assertThat(refusedAsUnauthenticated(response)).as("open route %s %s answered %s", method, route.path(), response.getStatus())
                            .isFalse();
                } else if (!refusedAsUnauthenticated(response)) {
                    notRefused.add(method + " " + route.path() + " → " + response.getStatus() + " " + response.getRedirectedUrl());
                }
            }
        }
        assertThat(notRefused).as("routes that did not ask an anonymous caller to sign in").isEmpty();
        assertThat(open).as("open routes").isEqualTo(new TreeSet<>(OPEN_ROUTES));
    }

    @Test
    void aPathWithNoRuleIsRefusedEvenToAnOperator() throws Exception {
        for (String method : List.of("GET", "POST", "DELETE")) {
            for (String path : List.of("/no-such-page", "/api/internal", "/ADMIN/sources")) {
                assertThat(pdp.actionOf(method, path)).isNull();
                int status = mvc.perform(request(HttpMethod.valueOf(method), path).with(user("admin").roles("OPERATOR")).with(csrf())
                        .accept(MediaType.APPLICATION_JSON)).andReturn().getResponse().getStatus();
                assertThat(status).as("%s %s as an operator", method, path).isEqualTo(403);
            }
        }
        // The same operator is let through where a rule lets operators in: the refusal above is the missing rule's.
        assertThat(mvc.perform(request(HttpMethod.GET, "/admin/sources").with(user("admin").roles("OPERATOR")).accept(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    /** Refused for want of a sign-in: 401 for APIs, a redirect to the sign-in page for the web UI. */
    private static boolean refusedAsUnauthenticated(MockHttpServletResponse response) {
        String location = response.getRedirectedUrl();
        return response.getStatus() == 401
                || (response.getStatus() == 302 && location != null && location.replaceFirst("^https?://[^/]+", "").equals("/login"));
    }

    private MockHttpServletResponse anonymous(String method, String path) throws Exception {
        // A valid CSRF token, so that the answer is the policy's and not the CSRF filter's; it authenticates no one.
        return mvc.perform(request(HttpMethod.valueOf(method), path).with(csrf()).accept(MediaType.APPLICATION_JSON)).andReturn().getResponse();
    }

    /** Every route of every handler mapping: request mappings (controllers, the actuator) and URL mappings (static resources). */
    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        routes.add(new Route("ANY", pattern, concrete(pattern)));
                    }
                    for (RequestMethod method : methods) {
                        routes.add(new Route(method.name(), pattern, concrete(pattern)));
                    }
                }
            }
        }
        for (AbstractUrlHandlerMapping mapping : context.getBeansOfType(AbstractUrlHandlerMapping.class).values()) {
            for (String pattern : mapping.getHandlerMap().keySet()) {
                if (!pattern.equals(STATIC_CATCH_ALL)) {
                    routes.add(new Route("ANY", pattern, concrete(pattern)));
                }
            }
        }
        routes.addAll(staticFiles());
        assertThat(routes).isNotEmpty();
        return routes;
    }

    /**
     * The files the static-resource catch-all serves, each a GET route keyed by its top directory ({@code GET /css/**}),
     * or by itself when it sits at the root ({@code GET /favicon.ico}).
     */
    private List<Route> staticFiles() {
        List<Route> files = new ArrayList<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:static/**/*.*")) {
                String url = resource.getURL().toString();
                String path = url.substring(url.lastIndexOf("/static/") + "/static".length());
                int slash = path.indexOf('/', 1);
                files.add(new Route("GET", slash < 0 ? path : path.substring(0, slash) + "/**", path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).as("static files").isNotEmpty();
        return files;
    }

    /** A path the pattern matches: variables get a sample value (one their regex accepts), wildcards a segment. */
    static String concrete(String pattern) {
        Matcher variables = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variables.find()) {
            String name = variables.group(1);
            String regex = variables.group(2);
            variables.appendReplacement(path, Matcher.quoteReplacement(sample(name, regex)));
        }
        variables.appendTail(path);
        String result = path.toString().replace("/**", "/sample").replace("/*", "/sample");
        assertThat(result).as("concrete path of %s", pattern).doesNotContain("{", "}", "*");
        return result;
    }

    private static String sample(String name, String regex) {
        String catchAll = name.startsWith("*") ? "sample" : null;
        if (catchAll != null) {
            return catchAll;
        }
        List<String> candidates = new ArrayList<>(List.of(name.equals("type") ? "Patient" : "1", "1", "sample", "Patient", "a1"));
        if (regex != null) {
            candidates.addFirst(regex.split("\\|")[0].replaceAll("[()^$]", ""));
            return candidates.stream().filter(candidate -> candidate.matches(regex)).findFirst()
                    .orElseThrow(() -> new AssertionError("no sample value for {" + name + ":" + regex + "}"));
        }
        return candidates.getFirst();
    }
}
