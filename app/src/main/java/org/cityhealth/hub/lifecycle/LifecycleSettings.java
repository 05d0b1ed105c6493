package org.cityhealth.hub.lifecycle;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The storage lifecycle's settings; defaults documented in application.yml ({@code cityhealth.lifecycle}).
 *
 * @param policyFile     the policy (YAML); empty: the built-in lifecycle-policy.yml
 * @param schedule       how often the policy is applied (0 turns the scheduler off; runs can still be started by API)
 * @param batchPersons   persons evaluated and moved per batch
 * @param pause          rest between batches, so clinical reads keep their latency while a migration runs
 * @param recallKeepHot  how long a person recalled by a clinical read or promoted by reads stays hot
 * @param costHot        ¥ per TB-month of each tier, for the dry run's cost figures
 * @param scrubSchedule  how often the scrubber re-verifies archives and vault objects (0: only on demand)
 * @param scrubArchives  archives checked per scheduled scrub (least recently verified first)
 */
@ConfigurationProperties("cityhealth.lifecycle")
record LifecycleSettings(@DefaultValue("") String policyFile,
                         @DefaultValue("1h") Duration schedule,
                         @DefaultValue("100") int batchPersons,
                         @DefaultValue("20ms") Duration pause,
                         @DefaultValue("30d") Duration recallKeepHot,
                         @DefaultValue("1500") BigDecimal costHot,
                         @DefaultValue("500") BigDecimal costWarm,
                         @DefaultValue("100") BigDecimal costCold,
                         @DefaultValue("24h") Duration scrubSchedule,
                         @DefaultValue("2000") int scrubArchives) {

    LifecycleSettings {
        if (batchPersons < 1 || scrubArchives < 1) {
            throw new IllegalArgumentException("cityhealth.lifecycle.batch-persons and scrub-archives must be at least 1");
        }
    }
}
