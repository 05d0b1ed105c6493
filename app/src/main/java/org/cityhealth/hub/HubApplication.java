package org.cityhealth.hub;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The hub as one Spring Boot process. Each direct sub-package is a capability (Spring Modulith module);
 * {@code cli} is the command-line entry that starts this application for {@code serve} and {@code demo}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class HubApplication {
}
