package org.cityhealth.hub.access;

import java.util.List;
import java.util.Set;
import org.cityhealth.hub.store.StoredResource;

/**
 * What of one person's record a permitted reader may see.
 *
 * @param everything  the whole record (the citizen themselves, hub operations)
 * @param ownSources  sources (hospitals) whose records are visible in full: a hospital always sees what it sent
 * @param grants      what consents, in-visit codes or break-the-glass open beyond those
 */
public record Visibility(boolean everything, Set<Long> ownSources, List<Grant> grants) {

    public static final Visibility ALL = new Visibility(true, Set.of(), List.of());

    public Visibility {
        ownSources = Set.copyOf(ownSources);
        grants = List.copyOf(grants);
    }

    /**
     * What opened a grant: a consent (with its id), a visit code, or break-the-glass. The ledger keeps its
     * {@link #describe() English words}; pages name it in the reader's language from the kind.
     */
    public record Basis(Kind kind, long consentId) {

        public enum Kind { CONSENT, VISIT_CODE, BREAK_THE_GLASS }

        public static final Basis VISIT_CODE = new Basis(Kind.VISIT_CODE, 0);
        public static final Basis BREAK_THE_GLASS = new Basis(Kind.BREAK_THE_GLASS, 0);

        public static Basis consent(long id) {
            return new Basis(Kind.CONSENT, id);
        }

        /** "consent 12", "visit code", "break-the-glass". */
        public String describe() {
            return switch (kind) {
                case CONSENT -> "consent " + consentId;
                case VISIT_CODE -> "visit code";
                case BREAK_THE_GLASS -> "break-the-glass";
            };
        }
    }

    /**
     * One opening of the record: the resource types (empty: all) and the sensitive categories it names.
     *
     * @param basis what opened it
     */
    public record Grant(Set<String> types, Set<Sensitivity> sensitive, Basis basis) {
        public Grant {
            types = Set.copyOf(types);
            sensitive = Set.copyOf(sensitive);
        }

        boolean allows(String type, Set<Sensitivity> categories) {
            return (types.isEmpty() || types.contains(type)) && sensitive.containsAll(categories);
        }
    }

    /** Resources outside any person (organisations, practitioners) are visible to whoever may read a record. */
    public boolean allows(StoredResource resource) {
        if (everything || resource.personKey() == 0 || ownSources.contains(resource.sourceId())) {
            return true;
        }
        if (grants.isEmpty()) {
            return false;
        }
        Set<Sensitivity> categories = SensitiveData.of(resource);
        return grants.stream().anyMatch(grant -> grant.allows(resource.type(), categories));
    }

    /** True when records from other hospitals are visible at all. */
    public boolean crossHospital() {
        return everything || !grants.isEmpty();
    }
}
