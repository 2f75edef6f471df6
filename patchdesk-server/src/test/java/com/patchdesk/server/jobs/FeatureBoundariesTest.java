package com.patchdesk.server.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies between the file exchange features: the job queue knows no feature, files know
 * nothing of diagnoses (they announce uploads with an event), and within these features only the child JVM entry
 * point touches the engine.
 */
class FeatureBoundariesTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.patchdesk.server");

    @Test
    void theJobQueueDependsOnNoFeature() {
        noClasses().that().resideInAPackage("..server.jobs..")
                .should().dependOnClassesThat().resideInAnyPackage("..server.files..", "..server.diagnoses..",
                        "..server.cases..", "..server.accounts..")
                .check(SERVER);
    }

    @Test
    void filesDoNotKnowAboutDiagnoses() {
        noClasses().that().resideInAPackage("..server.files..")
                .should().dependOnClassesThat().resideInAPackage("..server.diagnoses..")
                .check(SERVER);
    }

    @Test
    void onlyTheChildJvmEntryPointRunsTheEngine() {
        noClasses().that().resideInAnyPackage("..server.files..", "..server.jobs..", "..server.diagnoses..")
                .and().doNotHaveSimpleName("DiagnosisChild")
                .should().dependOnClassesThat().resideInAPackage("com.patchdesk.diagnosis..")
                .because("the engine runs in a child JVM so that a hostile bundle cannot exhaust the server")
                .check(SERVER);
    }
}
