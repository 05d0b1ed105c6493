package org.cityhealth.synthetic;

/**
 * One FHIR R4 transaction bundle as a source would submit it.
 *
 * @param sourceCode    the source that sends it ({@code H001} …)
 * @param json          the bundle, UTF-8 JSON; callers must not modify the array
 * @param resourceCount entries in the bundle, including the source's Organization and Practitioners
 */
public record GeneratedBundle(String sourceCode, byte[] json, int resourceCount) {
}
