/**
 * The person index: which hub person each source's Patient belongs to. Today a patient is linked by a
 * verified 18-digit resident ID, or else by its source and source patient id; the master person index
 * issue adds probabilistic matching, review and merge behind the same {@link org.cityhealth.hub.identity.PersonIndex}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Person index")
package org.cityhealth.hub.identity;
