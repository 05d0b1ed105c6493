package org.cityhealth.hub.access;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.ledger.Pseudonyms;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * In-visit authorisation: the citizen shows a six-digit code (or its QR), the treating doctor enters it and may read
 * the record for the visit. Only a keyed digest of a code is stored; a code works once, for minutes, and a doctor who
 * enters wrong codes repeatedly is stopped (a million codes, five tries per ten minutes).
 */
@Service
public class VisitCodes {

    private static final java.time.Duration FAILURE_WINDOW = java.time.Duration.ofMinutes(10);

    private final JdbcTemplate jdbc;
    private final Pseudonyms pseudonyms;
    private final Consents consents;
    private final AccessSettings settings;
    private final Ledger ledger;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    VisitCodes(JdbcTemplate jdbc, Pseudonyms pseudonyms, Consents consents, AccessSettings settings, Ledger ledger) {
        this.jdbc = jdbc;
        this.pseudonyms = pseudonyms;
        this.consents = consents;
        this.settings = settings;
        this.ledger = ledger;
    }

    public record Issued(String code, Instant expiresAt) {
    }

    /** Why a code was refused; each is a clear message to the doctor and a deny on the ledger. */
    public static final class RefusedException extends RuntimeException {
        private final String code;

        RefusedException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    @Transactional
    public Issued issue(long personKey) {
        Instant now = clock.instant();
        jdbc.update("delete from visit_code where expires_at < ?", Timestamp.from(now.minus(java.time.Duration.ofDays(1))));
        Instant expires = now.plus(settings.visitCodeTtl());
        for (int attempt = 0; attempt < 20; attempt++) {
            String code = String.format("%06d", random.nextInt(1_000_000));
            try {
                jdbc.update("insert into visit_code (code_digest, person_key, created_at, expires_at) values (?,?,?,?)",
                        digest(code), personKey, Timestamp.from(now), Timestamp.from(expires));
            } catch (DuplicateKeyException taken) {
                if (jdbc.update("delete from visit_code where code_digest = ? and (expires_at < ? or used_at is not null)", digest(code),
                        Timestamp.from(now)) == 0) {
                    continue;
                }
                jdbc.update("insert into visit_code (code_digest, person_key, created_at, expires_at) values (?,?,?,?)",
                        digest(code), personKey, Timestamp.from(now), Timestamp.from(expires));
            }
            ledger.record(LedgerEvent.permit("visit-code.issue").person(personKey).detail("expires", expires.toString()));
            return new Issued(code, expires);
        }
        throw new IllegalStateException("no free visit code after 20 tries");
    }

    /**
     * The doctor enters a code: the visit's access is granted as a consent to that doctor, for {@code visit-grant}. Not
     * one transaction: a refusal's failure count and ledger entry must stay; the code is claimed by one conditional update.
     */
    public ConsentRecord redeem(String entered, Subject doctor) {
        Instant now = clock.instant();
        int failures = jdbc.queryForObject("select count(*) from visit_code_failure where username = ? and failed_at > ?", Integer.class,
                doctor.id(), Timestamp.from(now.minus(FAILURE_WINDOW)));
        if (failures >= settings.visitCodeFailures()) {
            throw refuse(doctor, "TOO_MANY_ATTEMPTS", "too many wrong codes: wait ten minutes or ask the patient for a new code", null);
        }
        String code = entered == null ? "" : entered.replaceAll("\\s", "");
        if (!code.matches("\\d{6}")) {
            throw refuse(doctor, "INVALID", "a visit code is six digits", null);
        }
        record Row(long personKey, Instant expiresAt, boolean used) {
        }
        var rows = jdbc.query("select person_key, expires_at, used_at from visit_code where code_digest = ?", (rs, n) -> new Row(rs.getLong(1),
                rs.getTimestamp(2).toInstant(), rs.getTimestamp(3) != null), digest(code));
        if (rows.isEmpty()) {
            jdbc.update("insert into visit_code_failure (username, failed_at) values (?, ?)", doctor.id(), Timestamp.from(now));
            throw refuse(doctor, "UNKNOWN", "this code is not valid: check it with the patient", null);
        }
        long personKey = rows.getFirst().personKey();
        if (rows.getFirst().used()) {
            throw refuse(doctor, "USED", "this code was already used: ask the patient for a new one", personKey);
        }
        Instant expires = rows.getFirst().expiresAt();
        if (!expires.isAfter(now)) {
            throw refuse(doctor, "EXPIRED", "this code has expired: ask the patient for a new one", personKey);
        }
        if (jdbc.update("update visit_code set used_by = ?, used_at = ? where code_digest = ? and used_at is null", doctor.id(),
                Timestamp.from(now), digest(code)) == 0) {
            throw refuse(doctor, "USED", "this code was already used: ask the patient for a new one", personKey);
        }
        return consents.grant(personKey, new Consents.Grant(ConsentRecord.GranteeKind.PRACTITIONER, doctor.id(), Consents.describe(doctor),
                Set.of(), Set.of(), now, now.plus(settings.visitGrant())), ConsentRecord.Origin.VISIT_CODE, doctor.id());
    }

    private RefusedException refuse(Subject doctor, String code, String message, Long personKey) {
        ledger.record(LedgerEvent.deny("visit-code.redeem", message).person(personKey).detail("code", code));
        return new RefusedException(code, message);
    }

    private String digest(String code) {
        return pseudonyms.digest("visit-code:" + code);
    }
}
