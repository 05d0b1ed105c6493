package org.cityhealth.hub.store;

import java.util.List;

/** One parsed search criterion; values within a criterion are OR-ed, criteria are AND-ed (FHIR search semantics). */
public sealed interface SearchCriterion {

    record Ids(List<String> ids) implements SearchCriterion {
    }

    record Patients(List<String> patientIds) implements SearchCriterion {
    }

    /** A date comparison; {@code lastUpdated} selects {@code _lastUpdated} instead of the type's date. */
    record DateComparison(boolean lastUpdated, String prefix, FhirDates.Range value) implements SearchCriterion {
    }

    record Statuses(List<String> statuses) implements SearchCriterion {
    }

    /** Token values of one parameter; a null system matches any system, an empty one only codes without a system. */
    record Tokens(String param, List<Token> values) implements SearchCriterion {
    }

    record Token(String system, String code) {
    }

    /**
     * {@code _content}: text in a document. Each alternative is the terms of one searched text ({@link ContentTerms#query}),
     * all of which a match holds; alternatives are OR-ed like any parameter's values.
     */
    record Content(List<List<String>> alternatives) implements SearchCriterion {
    }
}
