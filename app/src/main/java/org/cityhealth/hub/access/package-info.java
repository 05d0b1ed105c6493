/**
 * Who is calling and what they may do: built-in accounts (HTTP Basic and the web session), source bearer
 * tokens, and the route rules in {@link org.cityhealth.hub.access.SecurityConfiguration}, the single
 * place where access is decided until the policy decision point of the clinical-access issue replaces it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access")
package org.cityhealth.hub.access;
