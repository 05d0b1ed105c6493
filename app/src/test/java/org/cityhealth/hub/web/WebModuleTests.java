package org.cityhealth.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.cityhealth.hub.HubApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The web UI is a client of the other modules: it may use their public API (the types in each module's base
 * package) and nothing internal, and no module may depend on it.
 */
class WebModuleTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(HubApplication.class);

    @Test
    void theWebModuleOnlyUsesTheOtherModulesPublicApi() {
        ApplicationModule web = MODULES.getModuleByName("web").orElseThrow();
        assertThat(web.detectDependencies(MODULES).getMessages()).isEmpty();
    }

    @Test
    void noModuleDependsOnTheWebUi() {
        ApplicationModule web = MODULES.getModuleByName("web").orElseThrow();
        assertThat(MODULES.stream().filter(module -> !module.equals(web))
                .filter(module -> module.getBootstrapDependencies(MODULES).anyMatch(web::equals)
                        || module.getDirectDependencies(MODULES).contains(web)))
                .isEmpty();
    }
}
