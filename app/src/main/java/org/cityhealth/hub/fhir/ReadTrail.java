package org.cityhealth.hub.fhir;

import java.util.ArrayList;
import java.util.List;
import org.cityhealth.hub.access.Decision;
import org.cityhealth.hub.access.Purpose;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.ledger.LedgerEvent.Touched;
import org.cityhealth.hub.ledger.Pseudonyms;
import org.cityhealth.hub.store.StoredResource;
import org.springframework.stereotype.Component;

/**
 * Every FHIR read leaves a ledger entry naming the versions served and the SHA-256 of their bytes, written before
 * the response is complete: a client never holds a whole answer whose reading is not on record.
 */
@Component
class ReadTrail {

    private final Ledger ledger;
    private final Pseudonyms pseudonyms;

    ReadTrail(Ledger ledger, Pseudonyms pseudonyms) {
        this.ledger = ledger;
        this.pseudonyms = pseudonyms;
    }

    /** A resource served under the policy decision point's permit (null for resources outside any person). */
    void read(String action, StoredResource resource, Decision.Permit permit) {
        ledger.record(decided(LedgerEvent.permit(action).person(personOf(List.of(resource))).touched(List.of(touched(resource))), permit));
    }

    void many(String action, String path, String query, List<StoredResource> resources, Purpose purpose) {
        ledger.record(withQuery(LedgerEvent.permit(action).person(personOf(resources)).purpose(purpose.name())
                .touched(resources.stream().map(ReadTrail::touched).toList()), path, query).detail("count", resources.size()));
    }

    private static LedgerEvent decided(LedgerEvent event, Decision.Permit permit) {
        return permit == null ? event : event.purpose(permit.purpose().name()).because(permit.reason());
    }

    /**
     * Names the parameters but only a keyed digest of their values: a query such as {@code identifier=…|<resident ID>}
     * must not put the ID into a log that may be public.
     */
    private LedgerEvent withQuery(LedgerEvent event, String path, String query) {
        if (query == null || query.isEmpty()) {
            return event.detail("path", path);
        }
        String names = java.util.Arrays.stream(query.split("&")).map(pair -> pair.split("=", 2)[0]).distinct()
                .collect(java.util.stream.Collectors.joining(","));
        return event.detail("path", path).detail("parameters", names).detail("queryDigest", pseudonyms.digest(path + "?" + query));
    }

    /** Collects what a streamed response serves, to record it before the response ends. */
    static final class Collector {
        private final List<Touched> touched = new ArrayList<>();

        void add(StoredResource resource) {
            touched.add(touched(resource));
        }
    }

    void everything(long personKey, String path, String query, Collector served, Decision.Permit permit) {
        ledger.record(withQuery(decided(LedgerEvent.permit("fhir.everything").person(personKey).touched(served.touched), permit), path, query)
                .detail("count", served.touched.size()));
    }

    /** The one person all resources belong to; none when they span several (or none, like Organizations). */
    private static Long personOf(List<StoredResource> resources) {
        Long person = null;
        for (StoredResource resource : resources) {
            if (resource.personKey() == 0) {
                continue;
            }
            if (person != null && person != resource.personKey()) {
                return null;
            }
            person = resource.personKey();
        }
        return person;
    }

    static Touched touched(StoredResource resource) {
        return Touched.of(resource.type() + "/" + resource.id() + "/_history/" + resource.version(), resource.body());
    }
}
