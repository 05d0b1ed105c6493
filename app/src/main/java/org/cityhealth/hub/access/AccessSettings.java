package org.cityhealth.hub.access;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of clinical access (cityhealth.access.*); defaults documented in application.yml.
 *
 * @param lockoutFailures      failed sign-ins in a row that lock an account
 * @param lockoutDuration      how long a locked account stays locked
 * @param ownHospitalVisible   a doctor always sees the records their own hospital sent
 * @param visitCodeTtl         how long an in-visit code can be entered
 * @param visitGrant           how long the access a visit code grants lasts
 * @param visitCodeFailures    wrong codes a doctor may enter in ten minutes before entries are refused
 * @param breakGlassPerHour    break-the-glass accesses a doctor may make per hour; beyond, refused and alerted
 * @param breakGlassUnusual    break-the-glass accesses by one doctor in 24 hours beyond which each is marked unusual
 * @param clinicalNetworks     CIDR ranges clinical reads must come from (empty: anywhere)
 * @param tokenLifetime        lifetime of the tokens the hub issues at /auth/token
 * @param oidc                 an external OpenID Connect provider whose JWTs the hub accepts
 */
@ConfigurationProperties("cityhealth.access")
public record AccessSettings(@DefaultValue("5") int lockoutFailures, @DefaultValue("15m") Duration lockoutDuration,
                             @DefaultValue("true") boolean ownHospitalVisible, @DefaultValue("10m") Duration visitCodeTtl,
                             @DefaultValue("24h") Duration visitGrant, @DefaultValue("5") int visitCodeFailures,
                             @DefaultValue("10") int breakGlassPerHour, @DefaultValue("3") int breakGlassUnusual,
                             @DefaultValue List<String> clinicalNetworks, @DefaultValue("1h") Duration tokenLifetime,
                             @DefaultValue Oidc oidc) {

    /**
     * @param issuer           the provider's issuer URL (the iss claim); empty: no external provider
     * @param jwkSetUri        where its signing keys are (default: issuer + /protocol/openid-connect/certs is NOT assumed; give it)
     * @param audience         the aud claim tokens must carry
     * @param rolesClaim       claim with the hub role names (doctor, citizen…), a string or an array
     * @param organizationClaim claim with a doctor's hospital (a registered source code)
     * @param departmentClaim  claim with a doctor's department
     */
    public record Oidc(@DefaultValue("") String issuer, @DefaultValue("") String jwkSetUri, @DefaultValue("cityhealth") String audience,
                       @DefaultValue("roles") String rolesClaim, @DefaultValue("organization") String organizationClaim,
                       @DefaultValue("department") String departmentClaim) {

        public boolean configured() {
            return !issuer.isBlank();
        }
    }
}
