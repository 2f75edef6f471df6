package com.patchdesk.diagnosis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The reasoning packages stay a library: no CLI, no Spring. */
class ArchitectureTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.patchdesk.diagnosis");

    @Test
    void rulesKnowledgeAndReportDoNotDependOnTheCli() {
        assertHolds(
                noClasses()
                        .that()
                        .resideInAnyPackage("..diagnosis.rules..", "..diagnosis.knowledge..", "..diagnosis.report..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage("..diagnosis.cli..", "picocli.."),
                ENGINE);
    }

    @Test
    void knowledgeDependsOnNothingElseOfTheEngine() {
        assertHolds(
                noClasses()
                        .that()
                        .resideInAPackage("..diagnosis.knowledge..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(
                                "..diagnosis.rules..",
                                "..diagnosis.report..",
                                "..diagnosis.read..",
                                "..diagnosis.bundle.."),
                ENGINE);
    }

    @Test
    void reportDoesNotDependOnTheRuleEngine() {
        assertHolds(
                noClasses()
                        .that()
                        .resideInAPackage("..diagnosis.report..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("..diagnosis.rules.."),
                ENGINE);
    }

    @Test
    void nothingDependsOnSpring() {
        assertHolds(noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework.."), ENGINE);
    }

    /** The rule's violations, listed in the failure message; none when the rule holds. */
    private static void assertHolds(ArchRule rule, JavaClasses classes) {
        assertThat(rule.evaluate(classes).getFailureReport().getDetails())
                .as(rule.getDescription())
                .isEmpty();
    }
}
