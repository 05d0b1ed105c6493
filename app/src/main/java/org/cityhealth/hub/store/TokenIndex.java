package org.cityhealth.hub.store;

/** One token search value of a resource: param {@code code}, {@code category}, {@code identifier}…; system may be null. */
public record TokenIndex(String param, String system, String code) {
}
