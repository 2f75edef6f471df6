package com.patchdesk.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * What Spring Modulith's {@link ModulesTest} cannot say: the boundaries between features (no cycles, internals,
 * allowed dependencies in each module's {@code package-info.java}) are checked there; these rules are about single
 * classes and the engine, which is a library rather than a module.
 */
class ArchitectureTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.patchdesk.server");

    @Test
    void controllersAndConfigurationsArePackagePrivate() {
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .or()
                .areAnnotatedWith(Controller.class)
                .or()
                .areAnnotatedWith(Configuration.class)
                .should()
                .notHaveModifier(JavaModifier.PUBLIC)
                .check(SERVER);
    }

    @Test
    void onlyTheChildJvmEntryPointRunsTheEngine() {
        noClasses()
                .that()
                .resideInAnyPackage("..server.files..", "..server.jobs..", "..server.diagnoses..")
                .and()
                .doNotHaveSimpleName("DiagnosisChild")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.patchdesk.diagnosis..")
                .because("the engine runs in a child JVM so that a hostile bundle cannot exhaust the server")
                .check(SERVER);
    }
}
