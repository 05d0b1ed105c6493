package org.cityhealth.hub.access;

import java.util.List;
import org.cityhealth.hub.source.Source;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by a source's bearer token; the principal is the {@link Source}. */
public final class SourceAuthentication extends AbstractAuthenticationToken {

    private final Source source;

    /**
     * The source signed in by other means than its token: a DIMSE association whose calling AE title the settings map to
     * it. Whatever runs with it in the security context is decided on and recorded as the source's, as its HTTP calls are.
     */
    public static SourceAuthentication of(Source source) {
        return new SourceAuthentication(source);
    }

    SourceAuthentication(Source source) {
        super(List.of(new SimpleGrantedAuthority(Role.SOURCE.authority())));
        this.source = source;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Source getPrincipal() {
        return source;
    }

    @Override
    public String getName() {
        return source.code();
    }
}
