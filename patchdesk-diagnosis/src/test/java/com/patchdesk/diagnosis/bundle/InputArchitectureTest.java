package com.patchdesk.diagnosis.bundle;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The input side of the engine (bundle, read) stands on the JDK and commons-compress alone, so the
 * server, the CLI and tests can all use it without dragging anything else along.
 */
class InputArchitectureTest {

    private static final JavaClasses ENGINE_INPUT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.patchdesk.diagnosis.bundle", "com.patchdesk.diagnosis.read");

    @Test
    void bundleAndReadDependOnlyOnTheJdkCommonsCompressAndEachOther() {
        assertHolds(
                classes()
                        .that()
                        .resideInAnyPackage("com.patchdesk.diagnosis.bundle..", "com.patchdesk.diagnosis.read..")
                        .should()
                        .onlyDependOnClassesThat()
                        .resideInAnyPackage(
                                "java..",
                                "org.apache.commons.compress..",
                                // ZipFile.Builder extends commons-io's builder; commons-compress brings commons-io
                                // itself.
                                "org.apache.commons.io..",
                                "com.patchdesk.diagnosis.bundle..",
                                "com.patchdesk.diagnosis.read.."),
                ENGINE_INPUT);
    }

    @Test
    void readersKnowNothingOfArchivesOrBundles() {
        assertHolds(
                noClasses()
                        .that()
                        .resideInAPackage("com.patchdesk.diagnosis.read..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage("com.patchdesk.diagnosis.bundle..", "org.apache.commons.."),
                ENGINE_INPUT);
    }

    /** The rule's violations, listed in the failure message; none when the rule holds. */
    private static void assertHolds(ArchRule rule, JavaClasses classes) {
        assertThat(rule.evaluate(classes).getFailureReport().getDetails())
                .as(rule.getDescription())
                .isEmpty();
    }
}
