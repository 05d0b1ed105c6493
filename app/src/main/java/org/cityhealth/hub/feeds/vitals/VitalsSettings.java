package org.cityhealth.hub.feeds.vitals;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the MQTT vital-signs feed; defaults documented in {@code application.yml}.
 *
 * @param broker        the broker URI ({@code tcp://host:1883}, or {@code ssl://host:8883} with the JVM's trust store); empty:
 *                      no subscriber
 * @param clientId      the fixed client id of the hub's persistent session (the broker keeps unacknowledged readings under it)
 * @param username      the user name the hub logs in with; empty: none
 * @param password      its password (give it in the environment, {@code CITYHEALTH_FEEDS_VITALS_PASSWORD}); empty: none
 * @param topic         the topic filter subscribed; the level after {@code cityhealth/vitals/} names the sending source
 * @param batchSize     messages stored in one submission at most
 * @param batchTime     how long the first message of a batch waits for more
 * @param workers       batches stored at once, each in its own transaction
 * @param gatewaySource code of the source under which messages naming no registered source are kept as rejected
 *                      (registered by the hub the first time it is needed)
 * @param ranges        adult reference ranges, which decide the interpretation flags
 */
@ConfigurationProperties("cityhealth.feeds.vitals")
public record VitalsSettings(@DefaultValue("") String broker,
                             @DefaultValue("cityhealth-hub-vitals") String clientId,
                             @DefaultValue("") String username,
                             @DefaultValue("") String password,
                             @DefaultValue("cityhealth/vitals/#") String topic,
                             @DefaultValue("2000") int batchSize,
                             @DefaultValue("200ms") Duration batchTime,
                             @DefaultValue("2") int workers,
                             @DefaultValue("MQTT-GATEWAY") String gatewaySource,
                             @DefaultValue Ranges ranges) {

    public VitalsSettings {
        if (!broker.isBlank()) {
            MqttSubscriber.brokerUri(broker);
        }
        if (username.isEmpty() && !password.isEmpty()) {
            throw new IllegalArgumentException("cityhealth.feeds.vitals.password needs cityhealth.feeds.vitals.username");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("cityhealth.feeds.vitals.batch-size must be at least 1");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("cityhealth.feeds.vitals.workers must be at least 1");
        }
    }

    /** Without the password, which would otherwise reach logs and error pages with the settings. */
    @Override
    public String toString() {
        return "VitalsSettings[broker=" + broker + ", clientId=" + clientId + ", username=" + username + ", password="
                + (password.isEmpty() ? "" : "****") + ", topic=" + topic + ", batchSize=" + batchSize + ", batchTime=" + batchTime
                + ", workers=" + workers + ", gatewaySource=" + gatewaySource + ", ranges=" + ranges + "]";
    }

    /**
     * A reference range; null bounds are not checked. Below {@code criticalLow} or above {@code criticalHigh}
     * is flagged LL/HH, otherwise outside {@code low}–{@code high} L/H.
     */
    public record Range(Double low, Double high, Double criticalLow, Double criticalHigh) {

        /** The HL7 v3 ObservationInterpretation code of {@code value}, or null when it is in range. */
        String interpret(double value) {
            if (criticalLow != null && value < criticalLow) {
                return "LL";
            }
            if (criticalHigh != null && value > criticalHigh) {
                return "HH";
            }
            if (low != null && value < low) {
                return "L";
            }
            return high != null && value > high ? "H" : null;
        }
    }

    /** Adult ranges per vital sign; a range given in the settings replaces its default as a whole. */
    public record Ranges(Range heartRate, Range spo2, Range systolic, Range diastolic, Range temperature, Range respiration) {

        public Ranges {
            heartRate = heartRate != null ? heartRate : new Range(60.0, 100.0, 40.0, 130.0);
            spo2 = spo2 != null ? spo2 : new Range(95.0, null, 90.0, null);
            systolic = systolic != null ? systolic : new Range(90.0, 140.0, null, null);
            diastolic = diastolic != null ? diastolic : new Range(60.0, 90.0, null, null);
            temperature = temperature != null ? temperature : new Range(36.0, 37.3, null, null);
            respiration = respiration != null ? respiration : new Range(12.0, 20.0, null, null);
        }

        /** The defaults above. */
        static Ranges adult() {
            return new Ranges(null, null, null, null, null, null);
        }
    }
}
