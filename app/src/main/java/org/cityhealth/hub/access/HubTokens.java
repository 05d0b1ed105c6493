package org.cityhealth.hub.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.cityhealth.hub.HubSettings;
import org.cityhealth.hub.SecretFiles;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * The hub as its own token issuer, for the embedded default where no OpenID provider runs: signed-in accounts get a
 * short-lived RS256 JWT with SMART scopes at {@code POST /auth/token}; the public key is at
 * {@code /.well-known/jwks.json}. The signing key comes from CITYHEALTH_TOKEN_SIGNING_KEY or a file under
 * data/keys, created on first start.
 */
@Component
public class HubTokens {

    /** The iss of the hub's own tokens. */
    public static final String ISSUER = "urn:cityhealth:hub";
    /** The aud the hub's own tokens carry (external providers' audience is configured). */
    static final String AUDIENCE = "cityhealth";

    private final RSAKey key;
    private final AccessSettings settings;
    private final JwtDecoder decoder;

    HubTokens(HubSettings hub, AccessSettings settings) {
        this.settings = settings;
        String jwk = SecretFiles.readOrCreate("CITYHEALTH_TOKEN_SIGNING_KEY", hub.dataDirectory().resolve("keys/token-signing.jwk"), () -> {
            try {
                return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).algorithm(JWSAlgorithm.RS256)
                        .generate().toJSONString();
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot generate the token signing key", e);
            }
        });
        try {
            this.key = RSAKey.parse(jwk);
            NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
            nimbus.setJwtValidator(validator(ISSUER, AUDIENCE));
            this.decoder = nimbus;
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the token signing key is not a valid RSA JWK", e);
        }
    }

    public record Issued(String token, long expiresIn, String scope) {
    }

    public Issued issue(Subject subject, Set<String> scopes) {
        Instant now = Instant.now();
        Instant expires = now.plus(settings.tokenLifetime());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject.id())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString())
                .claim("roles", subject.roles().stream().map(Role::name).sorted().toList())
                .claim("scope", String.join(" ", scopes.stream().sorted().toList()));
        if (subject.displayName() != null) {
            claims.claim("name", subject.displayName());
        }
        if (subject.organization() != null) {
            claims.claim("organization", subject.organization());
        }
        if (subject.department() != null) {
            claims.claim("department", subject.department());
        }
        if (subject.personKey() != null) {
            claims.claim("person", subject.personKey());
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            return new Issued(jwt.serialize(), settings.tokenLifetime().toSeconds(), String.join(" ", scopes.stream().sorted().toList()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** The public half, for /.well-known/jwks.json. */
    public Map<String, Object> publicKeys() {
        return new JWKSet(key.toPublicJWK()).toJSONObject(true);
    }

    JwtDecoder decoder() {
        return decoder;
    }

    /** Signature is checked by the decoder; these check issuer, audience and the time window (60 s clock skew). */
    static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        OAuth2TokenValidator<Jwt> audienceCheck = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token is not meant for this hub (audience)", null));
        return new DelegatingOAuth2TokenValidator<>(List.of(JwtValidators.createDefaultWithIssuer(issuer), audienceCheck));
    }
}
