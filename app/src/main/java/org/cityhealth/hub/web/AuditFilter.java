package org.cityhealth.hub.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.cityhealth.hub.ledger.LedgerQuery;
import org.cityhealth.hub.store.FhirDates;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit search as it arrives in the query string. Like the vault's filters, anything unreadable (a hand-edited
 * date, a stale {@code before}) is ignored rather than refused, except the person: a person the hub cannot read
 * must not silently widen the search to everyone.
 *
 * @param person a hub person key (digits) or a ledger pseudonym (64 hex digits)
 * @param before only entries older than this log index, for paging back from the newest
 *
 * <p>Methods the template calls are public: SpEL only invokes public methods.
 */
record AuditFilter(String actor, String action, String person, String decision, String from, String to, String before) {

    static final int PAGE_SIZE = 50;

    /** The action families of the hub, offered as prefixes in the search form. */
    static final List<String> ACTION_GROUPS = List.of("ingest", "fhir", "identity", "http", "ledger", "source", "vault", "ui");

    private static final Pattern PERSON_KEY = Pattern.compile("[0-9]{1,18}");
    private static final Pattern PSEUDONYM = Pattern.compile("[0-9a-fA-F]{64}");

    public String actorValue() {
        return blankToNull(actor);
    }

    public String actionValue() {
        return blankToNull(action);
    }

    /** True when the action is not one of the offered prefixes (a hand-edited URL), so the form can still show it. */
    public boolean customAction() {
        return actionValue() != null && ACTION_GROUPS.stream().noneMatch(group -> (group + ".").equals(actionValue()));
    }

    public String decisionValue() {
        String value = blankToNull(decision);
        return "permit".equals(value) || "deny".equals(value) ? value : null;
    }

    public String personValue() {
        return blankToNull(person);
    }

    /** The person as a hub person key, when digits were typed. */
    public Long personKey() {
        String value = personValue();
        return value != null && PERSON_KEY.matcher(value).matches() ? Long.valueOf(value) : null;
    }

    /** The person as a ledger pseudonym, when 64 hex digits were typed (or followed from a result row). */
    public String personPseudonym() {
        String value = personValue();
        return value != null && PSEUDONYM.matcher(value).matches() ? value.toLowerCase(Locale.ROOT) : null;
    }

    public boolean personInvalid() {
        return personValue() != null && personKey() == null && personPseudonym() == null;
    }

    public LocalDate fromDate() {
        return WebFormats.dateOrNull(from);
    }

    public LocalDate toDate() {
        return WebFormats.dateOrNull(to);
    }

    public Long beforeValue() {
        String value = blankToNull(before);
        if (value == null) {
            return null;
        }
        try {
            long index = Long.parseLong(value);
            return index > 0 ? index : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean isFiltered() {
        return actorValue() != null || actionValue() != null || personValue() != null || decisionValue() != null || fromDate() != null
                || toDate() != null;
    }

    /** One row more than a page, so the page knows whether older entries exist without counting. */
    LedgerQuery query(String personPseudonym) {
        Instant fromInstant = fromDate() == null ? null : fromDate().atStartOfDay(FhirDates.LOCAL_ZONE).toInstant();
        Instant toInstant = toDate() == null ? null : toDate().plusDays(1).atStartOfDay(FhirDates.LOCAL_ZONE).toInstant();
        return new LedgerQuery(actorValue(), actionValue(), personPseudonym, decisionValue(), fromInstant, toInstant, beforeValue(),
                PAGE_SIZE + 1);
    }

    /** The same search, older than {@code index}; null for the newest page. */
    public String pageUrl(Long index) {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath("/audit");
        if (actorValue() != null) {
            url.queryParam("actor", actorValue());
        }
        if (actionValue() != null) {
            url.queryParam("action", actionValue());
        }
        if (personValue() != null) {
            url.queryParam("person", personValue());
        }
        if (decisionValue() != null) {
            url.queryParam("decision", decisionValue());
        }
        if (fromDate() != null) {
            url.queryParam("from", fromDate());
        }
        if (toDate() != null) {
            url.queryParam("to", toDate());
        }
        if (index != null) {
            url.queryParam("before", index);
        }
        return url.encode().build().toUriString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
