package org.cityhealth.hub.access;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Beans of the access capability that the command-line tools need too (they run without the web server). */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    /** Delegating encoder: bcrypt today, and hashes name their algorithm so it can change without a migration. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
