package org.cityhealth.hub.web;

/** The numbers across the top of the overview. */
record OverviewKpis(long sources, long persons, long resources, long submissions, long rejected, long rawBytes, long storedBytes) {
}
