package org.cityhealth.hub.access;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cityhealth.hub.identity.PersonIndex;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Bearer JWTs: the hub's own or those of one configured OpenID provider, chosen by the token's issuer before the
 * signature is checked against that issuer's keys; then the claims become a {@link Subject}.
 */
final class JwtSubjects implements Converter<Jwt, AbstractAuthenticationToken> {

    private final HubTokens hub;
    private final AccessSettings.Oidc oidc;
    private final JwtDecoder external;
    private final PersonIndex persons;

    JwtSubjects(HubTokens hub, AccessSettings settings, PersonIndex persons) {
        this.hub = hub;
        this.oidc = settings.oidc();
        this.persons = persons;
        if (oidc.configured()) {
            if (oidc.jwkSetUri().isBlank()) {
                throw new IllegalStateException("cityhealth.access.oidc.jwk-set-uri is required when an OpenID issuer is configured");
            }
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri())
                    .jwsAlgorithms(algorithms -> algorithms.addAll(List.of(
                            org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256,
                            org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES256,
                            org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.PS256)))
                    .build();
            decoder.setJwtValidator(HubTokens.validator(oidc.issuer(), oidc.audience()));
            this.external = decoder;
        } else {
            this.external = null;
        }
    }

    JwtDecoder decoder() {
        return token -> {
            String issuer;
            try {
                issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
            } catch (ParseException e) {
                throw new BadJwtException("the bearer token is not a JWT");
            }
            if (HubTokens.ISSUER.equals(issuer)) {
                return hub.decoder().decode(token);
            }
            if (external != null && oidc.issuer().equals(issuer)) {
                return external.decode(token);
            }
            throw new BadJwtException("tokens of issuer " + issuer + " are not accepted");
        };
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        boolean own = HubTokens.ISSUER.equals(jwt.getClaimAsString("iss"));
        Set<Role> roles = roles(jwt.getClaim(own ? "roles" : oidc.rolesClaim()));
        // Sources authenticate with their own tokens, never as a JWT's role.
        roles.remove(Role.SOURCE);
        if (roles.isEmpty()) {
            // An authentication failure (401), not a BadJwtException: the provider does not translate the converter's exceptions.
            throw new org.springframework.security.oauth2.server.resource.InvalidBearerTokenException("the token names no hub role");
        }
        Long person = own ? (jwt.getClaim("person") instanceof Number n ? n.longValue() : null)
                : jwt.getClaimAsString("patient") == null ? null : persons.personOf(jwt.getClaimAsString("patient")).orElse(null);
        Set<String> scopes = new HashSet<>();
        String scope = jwt.getClaimAsString("scope");
        if (scope != null) {
            scopes.addAll(Arrays.asList(scope.trim().split("\\s+")));
        }
        if (jwt.getClaim("scp") instanceof Collection<?> scp) {
            scp.forEach(s -> scopes.add(String.valueOf(s)));
        }
        String name = jwt.getClaimAsString("name");
        Subject subject = new Subject(jwt.getSubject(), name, roles, jwt.getClaimAsString(own ? "organization" : oidc.organizationClaim()),
                jwt.getClaimAsString(own ? "department" : oidc.departmentClaim()), person, scopes);
        return new HubTokenAuthentication(subject, jwt.getTokenValue());
    }

    private static Set<Role> roles(Object claim) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        List<?> names = claim instanceof Collection<?> many ? List.copyOf(many) : claim == null ? List.of() : List.of(claim);
        for (Object name : names) {
            String normalised = String.valueOf(name).trim().toUpperCase(Locale.ROOT).replace('-', '_');
            Arrays.stream(Role.values()).filter(role -> role.name().equals(normalised)).forEach(roles::add);
        }
        return roles;
    }
}
