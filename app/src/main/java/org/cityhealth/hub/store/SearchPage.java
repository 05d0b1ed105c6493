package org.cityhealth.hub.store;

import java.util.List;

/** One page of search results; total is null when it was not asked for. */
public record SearchPage(List<StoredResource> resources, Long total, boolean more) {
}
