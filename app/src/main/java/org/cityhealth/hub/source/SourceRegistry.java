package org.cityhealth.hub.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Registers sources and recognises them by their bearer token. */
@Service
public class SourceRegistry {

    /** Token prefix: makes leaked hub credentials easy to find with secret scanners. */
    private static final String TOKEN_PREFIX = "chs_";
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** 40 base-62 characters: about 238 bits of entropy. */
    private static final int TOKEN_LENGTH = 40;

    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();
    /** Token hash → source: sources are few and change rarely; every FHIR request needs the lookup. */
    private final Map<String, Source> byTokenHash = new ConcurrentHashMap<>();
    /** Code and id → source: a source row never changes once registered, and feeds look one up for every message. */
    private final Map<String, Source> byCode = new ConcurrentHashMap<>();
    private final Map<Long, Source> byId = new ConcurrentHashMap<>();

    private final Ledger ledger;

    SourceRegistry(JdbcTemplate jdbc, Ledger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** Registers a source; its entry in the ledger commits with it. */
    @org.springframework.transaction.annotation.Transactional
    public RegisteredSource register(NewSource request) {
        String problem = request.problem();
        if (problem != null) {
            throw new InvalidSourceException(problem);
        }
        String token = newToken();
        Instant now = Instant.now();
        try {
            jdbc.update("insert into source (code, name, level, district, kind, token_sha256, created_at) values (?,?,?,?,?,?,?)",
                    request.code(), request.name().strip(), blankToNull(request.level()), blankToNull(request.district()),
                    request.kind(), sha256(token), Timestamp.from(now));
        } catch (DuplicateKeyException e) {
            throw new InvalidSourceException("a source with code " + request.code() + " already exists");
        }
        ledger.record(LedgerEvent.permit("source.register").detail("source", request.code()).detail("kind", request.kind()));
        return new RegisteredSource(byCode(request.code()).orElseThrow(), token);
    }

    /**
     * The source under which a feed keeps messages it cannot attribute to a registered sender (an unknown MSH-4, an MQTT
     * topic naming no source), registered the first time it is needed. Its token is never shown: nobody sends as it.
     */
    public Source gateway(String code, String name) {
        return byCode(code).orElseGet(() -> {
            try {
                return register(new NewSource(code, name, null, null, "OTHER")).source();
            } catch (InvalidSourceException registeredMeanwhile) {
                return byCode(code).orElseThrow(() -> registeredMeanwhile);
            }
        });
    }

    public Optional<Source> authenticate(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() != TOKEN_PREFIX.length() + TOKEN_LENGTH) {
            return Optional.empty();
        }
        String hash = sha256(token);
        Source cached = byTokenHash.get(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Source> found = jdbc.query("select * from source where token_sha256 = ?", SourceRegistry::map, hash).stream().findFirst();
        found.ifPresent(source -> byTokenHash.put(hash, source));
        return found;
    }

    public Optional<Source> byCode(String code) {
        Source cached = byCode.get(code);
        return cached != null ? Optional.of(cached) : remember(jdbc.query("select * from source where code = ?", SourceRegistry::map, code));
    }

    public Optional<Source> byId(long id) {
        Source cached = byId.get(id);
        return cached != null ? Optional.of(cached) : remember(jdbc.query("select * from source where id = ?", SourceRegistry::map, id));
    }

    /** Only committed rows are remembered: a source registered in a transaction that rolls back must not linger here. */
    private Optional<Source> remember(List<Source> found) {
        Optional<Source> source = found.stream().findFirst();
        if (source.isPresent() && !TransactionSynchronizationManager.isActualTransactionActive()) {
            byCode.put(source.get().code(), source.get());
            byId.put(source.get().id(), source.get());
        }
        return source;
    }

    public List<Source> all() {
        return jdbc.query("select * from source order by code", SourceRegistry::map);
    }

    /** Every source with its volumes, computed from the vault manifest and the store. */
    public List<SourceVolume> volumes() {
        return jdbc.query("""
                select s.*,
                  (select count(*) from vault_submission v where v.source_id = s.id) submissions,
                  (select count(*) from vault_submission v where v.source_id = s.id and v.status = 'REJECTED') rejected,
                  (select coalesce(sum(v.size_bytes), 0) from vault_submission v where v.source_id = s.id) raw_bytes,
                  (select count(*) from resource r where r.source_id = s.id and r.current_version and not r.deleted) resources
                from source s order by s.code""",
                (rs, row) -> new SourceVolume(map(rs, row), rs.getLong("submissions"), rs.getLong("rejected"),
                        rs.getLong("resources"), rs.getLong("raw_bytes")));
    }

    private String newToken() {
        StringBuilder token = new StringBuilder(TOKEN_PREFIX);
        for (int i = 0; i < TOKEN_LENGTH; i++) {
            token.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return token.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Source map(ResultSet rs, int row) throws SQLException {
        return new Source(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getString("level"),
                rs.getString("district"), rs.getString("kind"), rs.getTimestamp("created_at").toInstant());
    }
}
