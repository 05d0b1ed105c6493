package org.cityhealth.hub.access;

import java.util.List;
import org.cityhealth.hub.source.Source;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by a source's bearer token; the principal is the {@link Source}. */
public final class SourceAuthentication extends AbstractAuthenticationToken {

    private final Source source;

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
