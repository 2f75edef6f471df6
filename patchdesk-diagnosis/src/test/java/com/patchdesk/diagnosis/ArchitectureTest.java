package com.patchdesk.diagnosis;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The reasoning packages stay a library: no CLI, no Spring. */
class ArchitectureTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.patchdesk.diagnosis");

    @Test
    void rulesKnowledgeAndReportDoNotDependOnTheCli() {
        noClasses().that().resideInAnyPackage("..diagnosis.rules..", "..diagnosis.knowledge..", "..diagnosis.report..")
                .should().dependOnClassesThat().resideInAnyPackage("..diagnosis.cli..", "picocli..")
                .check(ENGINE);
    }

    @Test
    void knowledgeDependsOnNothingElseOfTheEngine() {
        noClasses().that().resideInAPackage("..diagnosis.knowledge..")
                .should().dependOnClassesThat().resideInAnyPackage("..diagnosis.rules..", "..diagnosis.report..",
                        "..diagnosis.read..", "..diagnosis.bundle..")
                .check(ENGINE);
    }

    @Test
    void reportDoesNotDependOnTheRuleEngine() {
        noClasses().that().resideInAPackage("..diagnosis.report..")
                .should().dependOnClassesThat().resideInAPackage("..diagnosis.rules..")
                .check(ENGINE);
    }

    @Test
    void nothingDependsOnSpring() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(ENGINE);
    }
}
