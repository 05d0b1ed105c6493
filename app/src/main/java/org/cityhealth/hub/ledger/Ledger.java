package org.cityhealth.hub.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.cityhealth.hub.ledger.LedgerEvent.Actor;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Where every operation leaves its entry. {@link #record} joins the caller's transaction when there is one, so the
 * entry commits with the operation or not at all (a transactional outbox); otherwise it returns once the entry is
 * committed (grouped with others by {@link OutboxWriter}), so the caller acknowledges the operation only after its
 * entry is durable.
 */
@Service
public class Ledger {

    private final OutboxWriter outbox;
    private final Pseudonyms pseudonyms;
    private final EntryEncoder encoder;
    private final Clock clock;
    private final Counter recorded;
    private final Actor unauthenticated;
    private final boolean enabled;

    Ledger(OutboxWriter outbox, Pseudonyms pseudonyms, ObjectMapper mapper,
           MeterRegistry meters, org.springframework.context.ApplicationContext context, LedgerSettings settings) {
        this.enabled = settings.recordOperations();
        if (!enabled) {
            LoggerFactory.getLogger(Ledger.class).warn("cityhealth.ledger.record-operations=false: operations are NOT recorded in the ledger"
                    + " (meant only for measuring the ledger's overhead)");
        }
        // Outside any request the actor is the hub's own background work in the server, the operator at the console in the CLI.
        this.unauthenticated = context instanceof org.springframework.web.context.WebApplicationContext ? Actor.HUB : Actor.CONSOLE;
        this.outbox = outbox;
        this.pseudonyms = pseudonyms;
        this.encoder = new EntryEncoder(mapper);
        this.clock = Clock.systemUTC();
        this.recorded = meters.counter("cityhealth.ledger.recorded");
    }

    /** Records the event; the caller's transaction (if any) carries it. */
    public void record(LedgerEvent operation) {
        if (!enabled) {
            return;
        }
        LedgerEvent event = operation;
        Actor actor = operation.actor() != null ? operation.actor()
                : org.springframework.web.context.request.RequestContextHolder.getRequestAttributes() == null
                && SecurityContextHolder.getContext().getAuthentication() == null ? unauthenticated : currentActor();
        Instant now = clock.instant();
        String person = event.personKey() == null || event.personKey() == 0 ? null : pseudonyms.of(event.personKey());
        if (event.reason() == null && event.decision() == LedgerEvent.Decision.PERMIT) {
            event = event.because("role " + actor.role());
        }
        EntryEncoder.Encoded encoded = encoder.encode(event, actor, now, person);
        outbox.write(new OutboxWriter.Row(encoded.entry(), Timestamp.from(now), truncate(actor.name(), 200), truncate(actor.role(), 40),
                truncate(event.action(), 60), person, event.decision().code(), encoded.attachment()));
        recorded.increment();
    }

    /** The authenticated caller of the current request, in the role it acts in. */
    static Actor currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || "anonymousUser".equals(authentication.getPrincipal())) {
            return Actor.ANONYMOUS;
        }
        String role = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_")).map(authority -> authority.substring(5))
                .findFirst().orElse("USER");
        // A sender's name is its source code, which is also its organisation.
        String organisation = "SOURCE".equals(role) ? authentication.getName() : null;
        return new Actor(authentication.getName(), role.toUpperCase(Locale.ROOT), organisation);
    }

    private static String truncate(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
