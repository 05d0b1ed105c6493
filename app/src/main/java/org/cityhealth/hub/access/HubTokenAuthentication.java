package org.cityhealth.hub.access;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A caller authenticated by a verified JWT (the hub's own or an external OpenID provider's), as the subject it names. */
final class HubTokenAuthentication extends AbstractAuthenticationToken {

    private final Subject subject;
    private final String token;

    HubTokenAuthentication(Subject subject, String token) {
        super(subject.roles().stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList());
        this.subject = subject;
        this.token = token;
        setAuthenticated(true);
    }

    Subject subject() {
        return subject;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return subject.id();
    }
}
