package org.cityhealth.hub.store;

import java.util.List;

/** A parsed search of one type. */
public record SearchRequest(String type, List<SearchCriterion> criteria, Sort sort, int count, int offset, boolean withTotal) {

    public enum Sort { ID, DATE, DATE_DESC, LAST_UPDATED, LAST_UPDATED_DESC }
}
