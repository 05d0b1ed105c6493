package org.cityhealth.hub.web;

import java.time.Instant;
import java.util.List;
import org.cityhealth.hub.access.ConsentRecord;

/**
 * One of the citizen's consents as the portal lists it: in words, and with the state the citizen cares about (in force,
 * not yet, ended, revoked, waiting for them) rather than the stored status alone.
 *
 * @param data      the data categories it opens, in the reader's language
 * @param sensitive the sensitive categories it opens, in the reader's language
 */
record ConsentView(ConsentRecord consent, State state, List<String> data, List<String> sensitive) {

    enum State {
        IN_FORCE("ok"), SCHEDULED("info"), EXPIRED("muted"), REVOKED("muted"), PROPOSED("warn");

        private final String flag;

        State(String flag) {
            this.flag = flag;
        }

        /** The badge modifier of hub.css. */
        public String flag() {
            return flag;
        }
    }

    static ConsentView of(ConsentRecord consent, Instant now, Labels labels) {
        return new ConsentView(consent, state(consent, now), DataCategory.describe(consent.types(), labels),
                consent.sensitive().stream().sorted().map(category -> category.label(labels.locale())).toList());
    }

    /** A consent the citizen can still end: in force, waiting to start, or a request they may decline. */
    public boolean revocable() {
        return state == State.IN_FORCE || state == State.SCHEDULED || state == State.PROPOSED;
    }

    private static State state(ConsentRecord consent, Instant now) {
        return switch (consent.status()) {
            case PROPOSED -> State.PROPOSED;
            case INACTIVE -> State.REVOKED;
            case ACTIVE -> consent.inForce(now) ? State.IN_FORCE : consent.validFrom().isAfter(now) ? State.SCHEDULED : State.EXPIRED;
        };
    }
}
