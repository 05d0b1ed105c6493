package org.cityhealth.hub.access;

import java.util.List;
import java.util.Set;

/**
 * Who asks, as the policy decision point sees them, whatever way they signed in (session, HTTP Basic, a source token
 * or a JWT).
 *
 * @param id           account name, source code ("source:CODE") or the token's subject
 * @param roles        the hub roles this subject acts in
 * @param organization hospital (registered source code) of a doctor, privacy officer or source; null otherwise
 * @param department   a doctor's department; null otherwise
 * @param personKey    the person a citizen is (or a patient-context token is about); null otherwise
 * @param scopes       SMART scopes of a token; null for sessions and HTTP Basic, which act with the role's full rights
 */
public record Subject(String id, String displayName, Set<Role> roles, String organization, String department, Long personKey,
                      Set<String> scopes) {

    public static final Subject ANONYMOUS = new Subject("anonymous", null, Set.of(), null, null, null, null);

    public Subject {
        roles = Set.copyOf(roles);
        scopes = scopes == null ? null : Set.copyOf(scopes);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean anonymous() {
        return roles.isEmpty();
    }

    /** The role named in the ledger: the first of the subject's roles in the enum's order. */
    public String mainRole() {
        return roles.stream().sorted().map(Role::name).findFirst().orElse("ANONYMOUS");
    }

    /** True when a token's scopes let it read the FHIR resource type, in patient, user or system context. */
    public boolean scopeAllowsRead(String resourceType) {
        if (scopes == null) {
            return true;
        }
        return scopes.stream().anyMatch(scope -> SmartScope.parse(scope).filter(s -> s.allowsRead(resourceType)).isPresent());
    }

    /** True when the token's clinical scopes are all in patient context: it may read its own patient only. */
    public boolean patientContextOnly() {
        if (scopes == null) {
            return false;
        }
        List<SmartScope> clinical = scopes.stream().map(SmartScope::parse).flatMap(java.util.Optional::stream).toList();
        return !clinical.isEmpty() && clinical.stream().allMatch(scope -> scope.context() == SmartScope.Context.PATIENT);
    }
}
