package org.cityhealth.hub.access;

import java.util.Set;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Turns however a caller signed in (session, HTTP Basic, source token, JWT) into the subject the PDP reasons about. */
@Component
public class Subjects {

    private final AccountService accounts;

    Subjects(AccountService accounts) {
        this.accounts = accounts;
    }

    /** The subject of the current request. */
    public Subject current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    public Subject of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated() || authentication instanceof AnonymousAuthenticationToken) {
            return Subject.ANONYMOUS;
        }
        if (authentication instanceof HubTokenAuthentication token) {
            return token.subject();
        }
        if (authentication instanceof SourceAuthentication source) {
            return new Subject(source.getName(), source.getPrincipal().name(), Set.of(Role.SOURCE), source.getPrincipal().code(), null, null, null);
        }
        return accounts.account(authentication.getName())
                .map(account -> new Subject(account.username(), account.displayName(), Set.of(account.role()), account.organization(),
                        account.department(), account.personKey(), null))
                .orElseGet(() -> new Subject(authentication.getName(), null, rolesOf(authentication), null, null, null, null));
    }

    private static Set<Role> rolesOf(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring(5)).filter(name -> java.util.Arrays.stream(Role.values()).anyMatch(r -> r.name().equals(name)))
                .map(Role::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
