package org.cityhealth.hub.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Password authentication that remembers a successful check for a few minutes.
 *
 * <p>Why: API clients send HTTP Basic credentials on every request and a bcrypt check costs tens of
 * milliseconds of CPU, which alone would exceed the latency goals of the FHIR API. The cache key is a
 * keyed hash of user and password (the key is random per process), so a memory dump does not reveal
 * passwords, and a changed or wrong password never matches a cached entry.
 */
final class CachingPasswordAuthenticationProvider implements AuthenticationProvider {

    /** How long a verified password is trusted without re-hashing. */
    private static final Duration TRUST = Duration.ofMinutes(5);
    /** Bound on remembered credentials, so a flood of distinct logins cannot grow memory without limit. */
    private static final int MAX_ENTRIES = 10_000;

    private final DaoAuthenticationProvider delegate;
    private final byte[] key = new byte[32];
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

    private record Remembered(Authentication authentication, long expiresAtNanos) {
    }

    CachingPasswordAuthenticationProvider(DaoAuthenticationProvider delegate) {
        this.delegate = delegate;
        new SecureRandom().nextBytes(key);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String cacheKey = cacheKey(authentication.getName(), String.valueOf(authentication.getCredentials()));
        Remembered remembered = verified.get(cacheKey);
        if (remembered != null && remembered.expiresAtNanos() - System.nanoTime() > 0) {
            return remembered.authentication();
        }
        Authentication result = delegate.authenticate(authentication);
        if (verified.size() >= MAX_ENTRIES) {
            verified.clear();
        }
        verified.put(cacheKey, new Remembered(result, System.nanoTime() + TRUST.toNanos()));
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private String cacheKey(String username, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(key);
            digest.update(username.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
