package org.cityhealth.hub.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates an opaque {@code Authorization: Bearer chs_…} as the source that owns the token; a wrong token is a 401, not anonymous. */
final class SourceTokenFilter extends OncePerRequestFilter {

    private final SourceRegistry sources;
    private final AuthenticationEntryPoint entryPoint;

    SourceTokenFilter(SourceRegistry sources, AuthenticationEntryPoint entryPoint) {
        this.sources = sources;
        this.entryPoint = entryPoint;
    }

    /** Source tokens are opaque; a JWT (three dot-separated parts) is left to the resource server. */
    static boolean isSourceToken(String token) {
        return token.chars().filter(c -> c == '.').count() != 2;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || !isSourceToken(header.substring(7).strip())) {
            chain.doFilter(request, response);
            return;
        }
        var source = sources.authenticate(header.substring(7).strip());
        if (source.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("the bearer token is not valid"));
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new SourceAuthentication(source.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
