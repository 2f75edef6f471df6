package com.patchdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/** Package boundaries of the server: features talk through small public surfaces and never in circles. */
class ArchitectureTest {

    static JavaClasses server;

    @BeforeAll
    static void importServer() {
        server = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.patchdesk.server");
    }

    @Test
    void featurePackagesDoNotDependOnEachOtherInCircles() {
        assertHolds(slices().matching("com.patchdesk.server.(*)..").should().beFreeOfCycles(), server);
    }

    @Test
    void sharedInfrastructureDependsOnNoFeature() {
        assertHolds(noClasses().that().resideInAnyPackage("..server.config..", "..server.problems..", "..server.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("..server.accounts..", "..server.cases..",
                        "..server.mail..", "..server.files..", "..server.jobs..", "..server.web..")
                , server);
    }

    @Test
    void accountsKnowNothingAboutCases() {
        assertHolds(noClasses().that().resideInAPackage("..server.accounts..")
                .should().dependOnClassesThat().resideInAPackage("..server.cases..")
                , server);
    }

    @Test
    void controllersAndConfigurationsArePackagePrivate() {
        assertHolds(classes().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                .or().areAnnotatedWith(Configuration.class)
                .should().notHaveModifier(JavaModifier.PUBLIC)
                , server);
    }

    /** The rule's violations, listed in the failure message; none when the rule holds. */
    private static void assertHolds(ArchRule rule, JavaClasses classes) {
        assertThat(rule.evaluate(classes).getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
    }
}
