package org.cityhealth.hub.access;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Built-in accounts. There is no default password anywhere: the first operator's comes from the environment or the demo. */
@Service
public class AccountService implements UserDetailsService {

    /** Shortest password accepted for an account: NIST SP 800-63B's minimum for user-chosen secrets. */
    static final int MINIMUM_PASSWORD_LENGTH = 8;

    private final JdbcTemplate jdbc;
    private final PasswordEncoder passwordEncoder;

    AccountService(JdbcTemplate jdbc, PasswordEncoder passwordEncoder) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
    }

    public boolean hasAccounts() {
        return jdbc.queryForObject("select count(*) from account", Long.class) > 0;
    }

    public void create(String username, String password, Role role, String displayName) {
        if (username == null || !username.matches("[a-z][a-z0-9._-]{1,63}")) {
            throw new IllegalArgumentException("username must be 2-64 lower-case letters, digits, '.', '_' or '-'");
        }
        if (password == null || password.length() < MINIMUM_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password must have at least " + MINIMUM_PASSWORD_LENGTH + " characters");
        }
        try {
            jdbc.update("insert into account (username, password_hash, role, display_name, created_at) values (?,?,?,?,?)",
                    username, passwordEncoder.encode(password), role.name(), displayName, Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException("account " + username + " already exists");
        }
    }

    /** A citizen's account, bound to the hub person whose records it may follow. */
    public void createCitizen(String username, String password, String displayName, long personKey) {
        create(username, password, Role.CITIZEN, displayName);
        jdbc.update("update account set person_key = ? where username = ?", personKey, username);
    }

    /** A doctor, emergency doctor or privacy officer: an account bound to a hospital (source code) and department. */
    public void createStaff(String username, String password, Role role, String displayName, String organization, String department) {
        create(username, password, role, displayName);
        jdbc.update("update account set organization = ?, department = ? where username = ?", organization, department, username);
    }

    /** What the policy decision point needs to know of an account. */
    public record Account(String username, String displayName, Role role, String organization, String department, Long personKey) {
    }

    public List<Account> all() {
        return jdbc.query("select username, display_name, role, organization, department, person_key from account order by username",
                (rs, row) -> new Account(rs.getString("username"), rs.getString("display_name"), Role.valueOf(rs.getString("role")),
                        rs.getString("organization"), rs.getString("department"), (Long) rs.getObject("person_key", Long.class)));
    }

    public Optional<Account> account(String username) {
        return jdbc.query("select username, display_name, role, organization, department, person_key from account where username = ?",
                (rs, row) -> new Account(rs.getString("username"), rs.getString("display_name"), Role.valueOf(rs.getString("role")),
                        rs.getString("organization"), rs.getString("department"), (Long) rs.getObject("person_key", Long.class)),
                username).stream().findFirst();
    }

    /** Until when the account is locked after repeated failed sign-ins; empty when it is not. */
    Optional<Instant> lockedUntil(String username, Instant now) {
        return jdbc.queryForList("select locked_until from account where username = ? and locked_until > ?", Timestamp.class, username,
                Timestamp.from(now)).stream().findFirst().map(Timestamp::toInstant);
    }

    /** Counts a failed sign-in; returns the lock's end when this failure locks the account. */
    Optional<Instant> failed(String username, int threshold, java.time.Duration lockout, Instant now) {
        jdbc.update("update account set failed_logins = failed_logins + 1 where username = ?", username);
        Integer failures = jdbc.queryForList("select failed_logins from account where username = ?", Integer.class, username).stream()
                .findFirst().orElse(0);
        if (failures < threshold) {
            return Optional.empty();
        }
        Instant until = now.plus(lockout);
        jdbc.update("update account set failed_logins = 0, locked_until = ? where username = ?", Timestamp.from(until), username);
        return Optional.of(until);
    }

    void succeeded(String username) {
        jdbc.update("update account set failed_logins = 0, locked_until = null where username = ? and (failed_logins > 0 or locked_until is not null)",
                username);
    }

    /** The person a citizen's account belongs to; empty for every other account. */
    public Optional<Long> personOf(String username) {
        return jdbc.queryForList("select person_key from account where username = ? and role = ? and person_key is not null", Long.class,
                username, Role.CITIZEN.name()).stream().findFirst();
    }

    public boolean exists(String username) {
        return jdbc.queryForObject("select count(*) from account where username = ?", Long.class, username) > 0;
    }

    public void setPassword(String username, String password) {
        if (password == null || password.length() < MINIMUM_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password must have at least " + MINIMUM_PASSWORD_LENGTH + " characters");
        }
        jdbc.update("update account set password_hash = ? where username = ?", passwordEncoder.encode(password), username);
    }

    public static String randomPassword() {
        SecureRandom random = new SecureRandom();
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.query("select username, password_hash, role from account where username = ?",
                (rs, row) -> User.withUsername(rs.getString("username"))
                        .password(rs.getString("password_hash"))
                        .authorities(List.of(new SimpleGrantedAuthority(Role.valueOf(rs.getString("role")).authority())))
                        .build(), username)
                .stream().findFirst()
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }
}
