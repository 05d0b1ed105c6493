package org.cityhealth.hub.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** The listeners of the feeds beyond FHIR, shared by {@code serve} and {@code demo}. */
final class FeedOptions {

    @Option(names = "--mllp-port", description = "HL7 v2 MLLP port; -1: off (default: ${DEFAULT-VALUE})", defaultValue = "2575")
    int mllpPort;

    @Option(names = "--dicom-port", description = "DICOM C-STORE/C-ECHO/C-FIND/C-MOVE port, AE title CITYHEALTH; -1: off (default: ${DEFAULT-VALUE})",
            defaultValue = "11112")
    int dicomPort;

    @Option(names = "--mqtt-broker", description = "MQTT broker to read vital signs from, e.g. tcp://127.0.0.1:1883 (default: none)")
    String mqttBroker;

    void addTo(Map<String, Object> properties) {
        properties.put("cityhealth.feeds.hl7.mllp-port", mllpPort);
        properties.put("cityhealth.imaging.dicom-port", dicomPort);
        if (mqttBroker != null && !mqttBroker.isBlank()) {
            properties.put("cityhealth.feeds.vitals.broker", mqttBroker);
        }
    }
}
