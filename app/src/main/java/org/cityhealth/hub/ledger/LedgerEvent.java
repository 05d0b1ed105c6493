package org.cityhealth.hub.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an operation tells the ledger. The ledger adds the time, the actor (from the security context unless given)
 * and pseudonymises the person; the resident ID never reaches it.
 *
 * @param action     what was done, dotted, e.g. {@code fhir.read}, {@code ingest.submit}, {@code access.deny}
 * @param actor      who did it; null means the authenticated caller of the current request
 * @param purpose    purpose of use (HL7 v3 PurposeOfUse code such as TREAT, ETREAT, HRESCH, HOPERAT), if known
 * @param personKey  the hub person concerned, if any
 * @param resources  resources read or written, with the SHA-256 of the bytes served or stored
 * @param decision   the policy decision
 * @param reason     why (the rule that decided, the error, the break-the-glass reason)
 * @param approvalId the approval or consent the operation relies on, if any
 * @param details    small operation-specific facts (submission id, query, counts)
 */
public record LedgerEvent(String action, Actor actor, String purpose, Long personKey, List<Touched> resources,
                          Decision decision, String reason, String approvalId, Map<String, String> details) {

    public LedgerEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(decision, "decision");
        resources = resources == null ? List.of() : List.copyOf(resources);
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A permitted operation by the current caller. */
    public static LedgerEvent permit(String action) {
        return new LedgerEvent(action, null, null, null, List.of(), Decision.PERMIT, null, null, Map.of());
    }

    /** A refused operation by the current caller. */
    public static LedgerEvent deny(String action, String reason) {
        return new LedgerEvent(action, null, null, null, List.of(), Decision.DENY, reason, null, Map.of());
    }

    public LedgerEvent by(Actor who) {
        return new LedgerEvent(action, who, purpose, personKey, resources, decision, reason, approvalId, details);
    }

    public LedgerEvent person(Long key) {
        return new LedgerEvent(action, actor, purpose, key, resources, decision, reason, approvalId, details);
    }

    public LedgerEvent purpose(String purposeOfUse) {
        return new LedgerEvent(action, actor, purposeOfUse, personKey, resources, decision, reason, approvalId, details);
    }

    public LedgerEvent touched(List<Touched> touched) {
        return new LedgerEvent(action, actor, purpose, personKey, touched, decision, reason, approvalId, details);
    }

    public LedgerEvent because(String why) {
        return new LedgerEvent(action, actor, purpose, personKey, resources, decision, why, approvalId, details);
    }

    public LedgerEvent approval(String id) {
        return new LedgerEvent(action, actor, purpose, personKey, resources, decision, reason, id, details);
    }

    public LedgerEvent detail(String key, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(key, String.valueOf(value));
        return new LedgerEvent(action, actor, purpose, personKey, resources, decision, reason, approvalId, more);
    }

    /** Permit or deny, as the policy decided. */
    public enum Decision {
        PERMIT, DENY;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Who acted.
     *
     * @param name         account name, source code, or {@code cityhealth} for the hub itself
     * @param role         the role they acted in
     * @param organisation their organisation (the source's code for senders), if known
     */
    public record Actor(String name, String role, String organisation) {

        /** The hub's own scheduled work (lifecycle, recovery). */
        public static final Actor HUB = new Actor("cityhealth", "SYSTEM", null);
        /** A command-line operator on the hub's machine. */
        public static final Actor CONSOLE = new Actor("console", "OPERATOR", null);
        /** A caller that has not authenticated. */
        public static final Actor ANONYMOUS = new Actor("anonymous", "ANONYMOUS", null);
    }

    /**
     * A resource touched by the operation.
     *
     * @param ref    {@code Type/id/_history/version}
     * @param sha256 hex SHA-256 of the stored bytes of that version
     */
    public record Touched(String ref, String sha256) {

        /** A resource version by reference, hashed from the bytes stored or served. */
        public static Touched of(String ref, byte[] bytes) {
            return new Touched(ref, EntryEncoder.sha256(List.of(bytes)));
        }

        /** Several stored records named by one reference (a query), hashed from their bytes concatenated in the given order. */
        public static Touched of(String ref, List<byte[]> bytes) {
            return new Touched(ref, EntryEncoder.sha256(bytes));
        }
    }
}
