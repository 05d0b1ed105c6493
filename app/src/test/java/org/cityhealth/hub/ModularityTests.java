package org.cityhealth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The capabilities depend on each other one way only and use each other's APIs, never internals. */
class ModularityTests {

    private static final Path DOCS = Path.of("../docs/modules");

    private final ApplicationModules modules = ApplicationModules.of(HubApplication.class);

    @Test
    void capabilitiesRespectTheirBoundaries() {
        modules.verify();
    }

    /** Regenerates docs/modules (referenced by docs/ARCHITECTURE.md) and checks every capability is in it. */
    @Test
    void documentsEveryCapability() throws IOException {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(DOCS.toString()))
                .writeModulesAsPlantUml()
                .writeModuleCanvases();
        String components = Files.readString(DOCS.resolve("components.puml"));
        for (ApplicationModule module : modules) {
            assertThat(components).as("components diagram").contains(module.getDisplayName());
            assertThat(DOCS.resolve("module-" + module.getIdentifier() + ".adoc")).exists();
        }
    }
}
