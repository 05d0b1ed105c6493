package org.cityhealth.hub.cli;

import java.util.ArrayList;
import java.util.List;
import org.cityhealth.hub.access.AccountService;
import org.cityhealth.hub.access.Role;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Demo accounts for the roles that have pages, each with a fresh password at every start (demo mode only): a
 * doctor at the first hospital, an emergency doctor and the privacy officer at the second, and the roles whose
 * capabilities come with later issues (they sign in and are refused clinical data).
 */
final class DemoStaff {

    private record Account(String username, Role role, String name, int hospital, String department, String page) {
    }

    private static final List<Account> ACCOUNTS = List.of(
            new Account("doctor", Role.DOCTOR, "李医生", 0, "心内科", "/clinic   (doctor workstation)"),
            new Account("emergency", Role.EMERGENCY_DOCTOR, "王医生", 1, "急诊科", "/clinic/emergency   (break-the-glass)"),
            new Account("privacy", Role.PRIVACY_OFFICER, "隐私官", 1, null, "/privacy   (break-the-glass review)"),
            new Account("researcher", Role.RESEARCHER, "研究员", -1, null, "(no identifiable records)"),
            new Account("committee", Role.COMMITTEE, "伦理委员", -1, null, "(no identifiable records)"),
            new Account("publichealth", Role.PUBLIC_HEALTH, "疾控人员", -1, null, "(no identifiable records)"),
            new Account("clinicstaff", Role.CLINIC_STAFF, "社区医生", -1, null, "(no identifiable records)"));

    private DemoStaff() {
    }

    /** Creates or resets the accounts; returns one line per account for the console. */
    static List<String> create(ConfigurableApplicationContext context) {
        AccountService accounts = context.getBean(AccountService.class);
        List<Source> sources = context.getBean(SourceRegistry.class).all();
        List<String> lines = new ArrayList<>();
        for (Account account : ACCOUNTS) {
            String password = AccountService.randomPassword();
            String organization = account.hospital() < 0 || sources.size() <= account.hospital() ? null : sources.get(account.hospital()).code();
            if (accounts.exists(account.username())) {
                accounts.setPassword(account.username(), password);
            } else {
                accounts.createStaff(account.username(), password, account.role(), account.name(), organization, account.department());
            }
            lines.add(String.format("%-13s user %-12s password %s%s  %s", account.role().name().toLowerCase(java.util.Locale.ROOT) + ":",
                    account.username(), password, organization == null ? "" : "  at " + organization, account.page()));
        }
        context.getBean(PersonIndex.class).recentPersons(1).stream().findFirst().flatMap(person -> residentIdOf(context, person))
                .ifPresent(id -> lines.add("the demo citizen's resident ID (for break-the-glass): " + id));
        return lines;
    }

    private static java.util.Optional<String> residentIdOf(ConfigurableApplicationContext context, long person) {
        return context.getBean(org.springframework.jdbc.core.JdbcTemplate.class)
                .queryForList("select resident_id from person where person_key = ? and resident_id is not null", String.class, person)
                .stream().findFirst();
    }
}
