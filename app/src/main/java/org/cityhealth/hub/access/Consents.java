package org.cityhealth.hub.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Citizens' consents: granted in the portal or through FHIR, requested by doctors, opened by in-visit codes, revoked
 * with immediate effect (every clinical read asks {@link #grantsFor} afresh; nothing is cached). Every change is on
 * the ledger.
 */
@Service
public class Consents {

    private static final String COLUMNS = "id, person_key, grantee_kind, grantee, grantee_name, resource_types, sensitive, valid_from,"
            + " valid_to, status, origin, created_by, created_at, revoked_at, request_reason";

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final Clock clock = Clock.systemUTC();

    Consents(JdbcTemplate jdbc, Ledger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** What a citizen grants; validated by the caller's form or FHIR parser. */
    public record Grant(ConsentRecord.GranteeKind kind, String grantee, String granteeName, Set<String> types, Set<Sensitivity> sensitive,
                        Instant validFrom, Instant validTo) {
    }

    @Transactional
    public ConsentRecord grant(long personKey, Grant grant, ConsentRecord.Origin origin, String by) {
        if (grant.validTo() != null && !grant.validTo().isAfter(grant.validFrom())) {
            throw new IllegalArgumentException("the consent must end after it starts");
        }
        long id = insert(personKey, grant, ConsentRecord.Status.ACTIVE, origin, by, null);
        ledger.record(LedgerEvent.permit("consent.grant").person(personKey).purpose(Purpose.TREAT.name()).detail("consent", id)
                .detail("grantee", grant.kind() + ":" + grant.grantee()).detail("origin", origin.name())
                .detail("types", join(grant.types())).detail("sensitive", join(grant.sensitive())));
        return find(id).orElseThrow();
    }

    /** A doctor asks for access; the citizen sees it in the portal and approves or ignores it. */
    @Transactional
    public ConsentRecord request(long personKey, Subject doctor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a request for consent needs a reason the citizen will read");
        }
        Grant grant = new Grant(ConsentRecord.GranteeKind.PRACTITIONER, doctor.id(), describe(doctor), Set.of(), Set.of(),
                clock.instant(), null);
        long id = insert(personKey, grant, ConsentRecord.Status.PROPOSED, ConsentRecord.Origin.REQUEST, doctor.id(), reason.strip());
        ledger.record(LedgerEvent.permit("consent.request").person(personKey).because(reason.strip()).detail("consent", id));
        return find(id).orElseThrow();
    }

    /** The citizen approves a doctor's request, for the window they choose. */
    @Transactional
    public ConsentRecord approve(long personKey, long id, Instant validTo, String by) {
        ConsentRecord request = find(id).filter(c -> c.personKey() == personKey && c.status() == ConsentRecord.Status.PROPOSED)
                .orElseThrow(() -> new ConsentNotFoundException(id));
        jdbc.update("update consent set status = 'ACTIVE', valid_from = ?, valid_to = ? where id = ?", Timestamp.from(clock.instant()),
                validTo == null ? null : Timestamp.from(validTo), id);
        ledger.record(LedgerEvent.permit("consent.approve").person(personKey).detail("consent", id)
                .detail("grantee", request.kind() + ":" + request.grantee()).detail("by", by));
        return find(id).orElseThrow();
    }

    /** Revokes at once: the next read by the grantee is decided without it. */
    @Transactional
    public ConsentRecord revoke(long personKey, long id, String by) {
        ConsentRecord consent = find(id).filter(c -> c.personKey() == personKey).orElseThrow(() -> new ConsentNotFoundException(id));
        if (consent.status() != ConsentRecord.Status.INACTIVE) {
            jdbc.update("update consent set status = 'INACTIVE', revoked_at = ? where id = ?", Timestamp.from(clock.instant()), id);
            ledger.record(LedgerEvent.permit("consent.revoke").person(personKey).detail("consent", id).detail("by", by));
        }
        return find(id).orElseThrow();
    }

    public Optional<ConsentRecord> find(long id) {
        return jdbc.query("select " + COLUMNS + " from consent where id = ?", Consents::row, id).stream().findFirst();
    }

    /** A person's consents, newest first. */
    public List<ConsentRecord> of(long personKey) {
        return jdbc.query("select " + COLUMNS + " from consent where person_key = ? order by id desc", Consents::row, personKey);
    }

    /** Consents granted to a doctor (directly, to their department or hospital) that are in force, any person. */
    public List<ConsentRecord> grantedTo(Subject doctor) {
        return jdbc.query("select " + COLUMNS + " from consent where status = 'ACTIVE' and grantee in (?, ?, ?) order by id desc",
                Consents::row, doctor.id(), String.valueOf(doctor.organization()) + "/" + doctor.department(), String.valueOf(doctor.organization()))
                .stream().filter(c -> c.inForce(clock.instant()) && c.covers(doctor)).toList();
    }

    /** What the consents in force open to this reader of this person's record. */
    List<Visibility.Grant> grantsFor(long personKey, Subject reader) {
        Instant now = clock.instant();
        return jdbc.query("select " + COLUMNS + " from consent where person_key = ? and status = 'ACTIVE'", Consents::row, personKey).stream()
                .filter(consent -> consent.inForce(now) && consent.covers(reader))
                .map(consent -> new Visibility.Grant(consent.types(), consent.sensitive(),
                        consent.origin() == ConsentRecord.Origin.VISIT_CODE ? Visibility.Basis.VISIT_CODE : Visibility.Basis.consent(consent.id())))
                .toList();
    }

    private long insert(long personKey, Grant grant, ConsentRecord.Status status, ConsentRecord.Origin origin, String by, String reason) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("insert into consent (person_key, grantee_kind, grantee, grantee_name, resource_types,"
                    + " sensitive, valid_from, valid_to, status, origin, created_by, created_at, request_reason) values (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    new String[] {"id"});
            statement.setLong(1, personKey);
            statement.setString(2, grant.kind().name());
            statement.setString(3, grant.grantee());
            statement.setString(4, grant.granteeName());
            statement.setString(5, join(grant.types()));
            statement.setString(6, join(grant.sensitive()));
            statement.setTimestamp(7, Timestamp.from(grant.validFrom()));
            statement.setTimestamp(8, grant.validTo() == null ? null : Timestamp.from(grant.validTo()));
            statement.setString(9, status.name());
            statement.setString(10, origin.name());
            statement.setString(11, by);
            statement.setTimestamp(12, Timestamp.from(clock.instant()));
            statement.setString(13, reason);
            return statement;
        }, key);
        return key.getKey().longValue();
    }

    static String describe(Subject doctor) {
        String name = doctor.displayName() == null ? doctor.id() : doctor.displayName();
        return doctor.organization() == null ? name
                : name + " (" + doctor.organization() + (doctor.department() == null ? "" : " " + doctor.department()) + ")";
    }

    private static String join(Set<?> values) {
        return values.stream().map(Object::toString).collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(","));
    }

    private static ConsentRecord row(ResultSet rs, int row) throws SQLException {
        Set<Sensitivity> sensitive = EnumSet.noneOf(Sensitivity.class);
        split(rs.getString("sensitive")).forEach(code -> sensitive.add(Sensitivity.valueOf(code)));
        Timestamp validTo = rs.getTimestamp("valid_to");
        Timestamp revokedAt = rs.getTimestamp("revoked_at");
        return new ConsentRecord(rs.getLong("id"), rs.getLong("person_key"), ConsentRecord.GranteeKind.valueOf(rs.getString("grantee_kind")),
                rs.getString("grantee"), rs.getString("grantee_name"), Set.copyOf(split(rs.getString("resource_types"))), sensitive,
                rs.getTimestamp("valid_from").toInstant(), validTo == null ? null : validTo.toInstant(),
                ConsentRecord.Status.valueOf(rs.getString("status")), ConsentRecord.Origin.valueOf(rs.getString("origin")),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), revokedAt == null ? null : revokedAt.toInstant(),
                rs.getString("request_reason"));
    }

    private static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.split(","));
    }
}
