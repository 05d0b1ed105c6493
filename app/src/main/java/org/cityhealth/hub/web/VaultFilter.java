package org.cityhealth.hub.web;

import java.time.Instant;
import java.time.LocalDate;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.vault.SubmissionStatus;
import org.cityhealth.hub.vault.VaultQuery;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The vault page's filters as they arrive in the query string. Anything unreadable (a hand-edited date, an
 * unknown status) is ignored rather than refused: the page then shows more, never an error.
 *
 * @param from first day shown, inclusive, in the city's time zone
 * @param to   last day shown, inclusive
 * @param page zero-based page number
 *
 * <p>Methods the template calls are public: SpEL only invokes public methods.
 */
record VaultFilter(String source, String status, String from, String to, Integer page) {

    static final int PAGE_SIZE = 25;

    public SubmissionStatus statusValue() {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return SubmissionStatus.valueOf(status.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String sourceValue() {
        return source == null || source.isBlank() ? null : source.strip();
    }

    public LocalDate fromDate() {
        return WebFormats.dateOrNull(from);
    }

    public LocalDate toDate() {
        return WebFormats.dateOrNull(to);
    }

    public int pageNumber() {
        return page == null || page < 0 ? 0 : page;
    }

    /** One row more than a page, so the page knows whether a next page exists without counting. */
    VaultQuery query() {
        Instant fromInstant = fromDate() == null ? null : fromDate().atStartOfDay(FhirDates.LOCAL_ZONE).toInstant();
        Instant toInstant = toDate() == null ? null : toDate().plusDays(1).atStartOfDay(FhirDates.LOCAL_ZONE).toInstant();
        return new VaultQuery(sourceValue(), statusValue(), fromInstant, toInstant, PAGE_SIZE + 1, pageNumber() * PAGE_SIZE);
    }

    /** The URL of another page with the same filters, for the pager links. */
    public String pageUrl(int targetPage) {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath("/vault");
        if (sourceValue() != null) {
            url.queryParam("source", sourceValue());
        }
        if (statusValue() != null) {
            url.queryParam("status", statusValue().name());
        }
        if (fromDate() != null) {
            url.queryParam("from", fromDate());
        }
        if (toDate() != null) {
            url.queryParam("to", toDate());
        }
        if (targetPage > 0) {
            url.queryParam("page", targetPage);
        }
        return url.encode().build().toUriString();
    }

    public boolean isFiltered() {
        return sourceValue() != null || statusValue() != null || fromDate() != null || toDate() != null;
    }
}
