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
    private final AccountService accounts;
    private final AccessSettings settings;
    private final org.cityhealth.hub.ledger.Ledger ledger;
    private final byte[] key = new byte[32];
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

    private record Remembered(Authentication authentication, long expiresAtNanos) {
    }

    CachingPasswordAuthenticationProvider(DaoAuthenticationProvider delegate, AccountService accounts, AccessSettings settings,
                                          org.cityhealth.hub.ledger.Ledger ledger) {
        this.delegate = delegate;
        this.accounts = accounts;
        this.settings = settings;
        this.ledger = ledger;
        new SecureRandom().nextBytes(key);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String cacheKey = cacheKey(authentication.getName(), String.valueOf(authentication.getCredentials()));
        Remembered remembered = verified.get(cacheKey);
        if (remembered != null && remembered.expiresAtNanos() - System.nanoTime() > 0) {
            return remembered.authentication();
        }
        Authentication result = verify(authentication);
        if (verified.size() >= MAX_ENTRIES) {
            verified.clear();
        }
        verified.put(cacheKey, new Remembered(result, System.nanoTime() + TRUST.toNanos()));
        return result;
    }

    /**
     * The real check, with lockout after repeated failures (NIST SP 800-63B 5.2.2). A locked account is refused before
     * its password is even checked, so guessing during the lock learns nothing.
     */
    private Authentication verify(Authentication authentication) {
        String username = authentication.getName();
        java.time.Instant now = java.time.Instant.now();
        var locked = accounts.lockedUntil(username, now);
        if (locked.isPresent()) {
            throw new org.springframework.security.authentication.LockedException("account locked after repeated failed sign-ins, until "
                    + locked.get().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        try {
            Authentication result = delegate.authenticate(authentication);
            accounts.succeeded(username);
            return result;
        } catch (org.springframework.security.authentication.BadCredentialsException e) {
            accounts.failed(username, settings.lockoutFailures(), settings.lockoutDuration(), now).ifPresent(until -> {
                // A locked account stops at once, also for clients whose password this process had already verified.
                verified.values().removeIf(remembered -> username.equals(remembered.authentication().getName()));
                ledger.record(org.cityhealth.hub.ledger.LedgerEvent.deny("login.lockout", "account " + username + " locked until " + until
                        + " after " + settings.lockoutFailures() + " failed sign-ins").by(org.cityhealth.hub.ledger.LedgerEvent.Actor.ANONYMOUS));
            });
            throw e;
        }
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
