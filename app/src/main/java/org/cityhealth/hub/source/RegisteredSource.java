package org.cityhealth.hub.source;

/** The result of a registration: the source and its bearer token, which is shown this once and never again. */
public record RegisteredSource(Source source, String token) {
}
