package org.cityhealth.hub.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cityhealth.hub.access.AccountService;
import org.cityhealth.hub.access.ConsentRecord;
import org.cityhealth.hub.access.Consents;
import org.cityhealth.hub.access.Role;
import org.cityhealth.hub.access.Sensitivity;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.store.FhirDates;

/**
 * The portal's grant form as the citizen filled it in, kept as typed so that a refused form comes back as it was.
 * Dates are days of the city's calendar: a consent "until 30 June" lasts to the end of that day.
 *
 * @param kind       ORGANIZATION, DEPARTMENT or PRACTITIONER
 * @param hospital   a source code, for a hospital or a department of it
 * @param department the department's name as the hospital writes it
 * @param doctor     a doctor's account name
 * @param data       "ALL" or names of {@link DataCategory}
 * @param sensitive  names of {@link Sensitivity} the citizen chose to open
 * @param until      "date" (ends after {@code to}) or "revoked" (until the citizen revokes it)
 */
record ConsentForm(String kind, String hospital, String department, String doctor, List<String> data, List<String> sensitive,
                   String from, String to, String until) {

    /** How long a new consent lasts unless the citizen says otherwise. */
    static final int DEFAULT_DAYS = 30;
    /** Longest department name kept: the grantee column holds the hospital code, a slash and this. */
    private static final int MAX_DEPARTMENT = 100;
    static final String ALL = "ALL";
    static final String UNTIL_REVOKED = "revoked";

    ConsentForm {
        data = data == null ? List.of() : List.copyOf(data);
        sensitive = sensitive == null ? List.of() : List.copyOf(sensitive);
    }

    /** The form as first shown: a hospital, all non-sensitive data, for thirty days from today. */
    static ConsentForm initial(LocalDate today) {
        return new ConsentForm(ConsentRecord.GranteeKind.ORGANIZATION.name(), null, null, null, List.of(ALL), List.of(),
                today.toString(), today.plusDays(DEFAULT_DAYS).toString(), "date");
    }

    /** Why a form was refused: a message key of the portal, shown above the form. */
    static final class Invalid extends RuntimeException {
        private final String key;

        Invalid(String key) {
            super(key, null, false, false);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    /** For the template: is this data category ticked? */
    public boolean checked(String name) {
        return data.contains(name);
    }

    /** For the template: is this sensitive category ticked? */
    public boolean opens(Sensitivity category) {
        return sensitive.contains(category.name());
    }

    /** The consent this form asks for, or {@link Invalid} with what to correct. */
    Consents.Grant grant(SourceRegistry sources, AccountService accounts, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, FhirDates.LOCAL_ZONE);
        Recipient recipient = recipient(sources, accounts);
        LocalDate start = from == null || from.isBlank() ? today : date(from);
        // A start the citizen left at yesterday (a page open overnight) means "now", not an error.
        Instant validFrom = start.isAfter(today) ? start.atStartOfDay(FhirDates.LOCAL_ZONE).toInstant() : now;
        Instant validTo = null;
        if (!UNTIL_REVOKED.equals(until)) {
            LocalDate end = required(to, "portal.grant.error.end");
            if (end.isBefore(today)) {
                throw new Invalid("portal.grant.error.endPassed");
            }
            if (end.isBefore(start)) {
                throw new Invalid("portal.grant.error.endBeforeStart");
            }
            validTo = endOfDay(end);
        }
        return new Consents.Grant(recipient.kind(), recipient.grantee(), recipient.name(), types(), sensitivity(), validFrom, validTo);
    }

    /** The end of an approval: the end of the chosen day, or null for "until I revoke". */
    static Instant approvalEnd(String to, String until, Instant now) {
        if (UNTIL_REVOKED.equals(until)) {
            return null;
        }
        LocalDate end = required(to, "portal.grant.error.end");
        if (end.isBefore(LocalDate.ofInstant(now, FhirDates.LOCAL_ZONE))) {
            throw new Invalid("portal.grant.error.endPassed");
        }
        return endOfDay(end);
    }

    private record Recipient(ConsentRecord.GranteeKind kind, String grantee, String name) {
    }

    private Recipient recipient(SourceRegistry sources, AccountService accounts) {
        ConsentRecord.GranteeKind granteeKind;
        try {
            granteeKind = ConsentRecord.GranteeKind.valueOf(kind == null ? "" : kind);
        } catch (IllegalArgumentException e) {
            throw new Invalid("portal.grant.error.recipient");
        }
        return switch (granteeKind) {
            case ORGANIZATION -> {
                Source source = hospital(sources);
                yield new Recipient(granteeKind, source.code(), source.name());
            }
            case DEPARTMENT -> {
                Source source = hospital(sources);
                String name = department == null ? "" : department.strip();
                if (name.isEmpty()) {
                    throw new Invalid("portal.grant.error.department");
                }
                if (name.length() > MAX_DEPARTMENT || name.contains("/")) {
                    throw new Invalid("portal.grant.error.departmentInvalid");
                }
                yield new Recipient(granteeKind, source.code() + "/" + name, source.name() + " " + name);
            }
            case PRACTITIONER -> {
                String username = doctor == null ? "" : doctor.strip();
                if (username.isEmpty()) {
                    throw new Invalid("portal.grant.error.doctor");
                }
                // Only a doctor's account: a typo must not open the record to an operator, or to whoever registers the name later.
                AccountService.Account account = accounts.account(username)
                        .filter(found -> found.role() == Role.DOCTOR || found.role() == Role.EMERGENCY_DOCTOR)
                        .orElseThrow(() -> new Invalid("portal.grant.error.doctorUnknown"));
                yield new Recipient(granteeKind, account.username(), doctorName(account));
            }
        };
    }

    private Source hospital(SourceRegistry sources) {
        if (hospital == null || hospital.isBlank()) {
            throw new Invalid("portal.grant.error.hospital");
        }
        return sources.byCode(hospital.strip()).orElseThrow(() -> new Invalid("portal.grant.error.hospitalUnknown"));
    }

    private static String doctorName(AccountService.Account account) {
        String name = account.displayName() == null || account.displayName().isBlank() ? account.username() : account.displayName();
        if (account.organization() == null) {
            return name;
        }
        return name + " (" + account.organization() + (account.department() == null ? "" : " " + account.department()) + ")";
    }

    /** Empty for all data; the union of the chosen categories otherwise. Choosing nothing is a mistake, not "everything". */
    private Set<String> types() {
        if (data.contains(ALL)) {
            return Set.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (String name : data) {
            try {
                types.addAll(DataCategory.valueOf(name).types());
            } catch (IllegalArgumentException e) {
                throw new Invalid("portal.grant.error.data");
            }
        }
        if (types.isEmpty()) {
            throw new Invalid("portal.grant.error.data");
        }
        return Set.copyOf(types);
    }

    private Set<Sensitivity> sensitivity() {
        Set<Sensitivity> chosen = EnumSet.noneOf(Sensitivity.class);
        for (String name : sensitive) {
            try {
                chosen.add(Sensitivity.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new Invalid("portal.grant.error.sensitive");
            }
        }
        return chosen;
    }

    private static LocalDate required(String text, String missingKey) {
        if (text == null || text.isBlank()) {
            throw new Invalid(missingKey);
        }
        return date(text);
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new Invalid("portal.grant.error.date");
        }
    }

    private static Instant endOfDay(LocalDate day) {
        return day.plusDays(1).atStartOfDay(FhirDates.LOCAL_ZONE).toInstant();
    }
}
