package com.patchdesk.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
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
        assertHolds(noClasses().that().resideInAPackage("..server.jobs..")
                .should().dependOnClassesThat().resideInAnyPackage("..server.files..", "..server.diagnoses..",
                        "..server.cases..", "..server.accounts..")
                , SERVER);
    }

    @Test
    void filesDoNotKnowAboutDiagnoses() {
        assertHolds(noClasses().that().resideInAPackage("..server.files..")
                .should().dependOnClassesThat().resideInAPackage("..server.diagnoses..")
                , SERVER);
    }

    @Test
    void onlyTheChildJvmEntryPointRunsTheEngine() {
        assertHolds(noClasses().that().resideInAnyPackage("..server.files..", "..server.jobs..", "..server.diagnoses..")
                .and().doNotHaveSimpleName("DiagnosisChild")
                .should().dependOnClassesThat().resideInAPackage("com.patchdesk.diagnosis..")
                .because("the engine runs in a child JVM so that a hostile bundle cannot exhaust the server")
                , SERVER);
    }

    /** The rule's violations, listed in the failure message; none when the rule holds. */
    private static void assertHolds(ArchRule rule, JavaClasses classes) {
        assertThat(rule.evaluate(classes).getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
    }
}
