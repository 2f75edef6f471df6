package com.patchdesk.server;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The server's feature packages are Spring Modulith application modules: each exposes only its top-level package
 * (and named interfaces), keeps its internals in {@code *.internal}, and no two depend on each other in a circle.
 */
class ModulesTest {

    static final ApplicationModules MODULES = ApplicationModules.of(PatchdeskApplication.class);

    @Test
    void featuresKeepTheirBoundariesAndFormNoCycles() {
        MODULES.verify();
    }

    @Test
    void writesTheModuleDocumentation() {
        new Documenter(MODULES).writeDocumentation();
    }
}
