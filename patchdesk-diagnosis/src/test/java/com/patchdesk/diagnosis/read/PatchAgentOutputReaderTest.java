package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Fleet patching agents' outputs. The AWS fixtures are the Windows "Problem" blocks of the AWS Systems Manager User
 * Guide's "Troubleshooting Patch Manager" (v02 and v03 in eval/real-excerpts-team, and its HRESULT issue), the OS Config
 * line is GoogleCloudPlatform/osconfig#994 (v11), the WindowsUpdateExtension.log lines Lucas Huang's post on Azure Update
 * Manager and NoAutoUpdate (v12).
 */
class PatchAgentOutputReaderTest {

    @Test
    void awsSearchThroughTheWindowsUpdateApiFailedWithTheHresultOfItsException() throws Exception {
        Scanned s = Scanned.fixture("patch-agent/aws-runpatchbaseline-search-timed-out.txt");

        assertThat(s.format()).isEqualTo("patch-agent-output");
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.facts())
                        .containsEntry(Fact.PHASE, "scan")
                        .containsEntry(Fact.RESULT, "failure")
                        .containsEntry(Fact.CODE, "0x80072EE2")
                        .containsEntry(Fact.CLIENT, PatchAgentOutputReader.AWS));
        assertThat(s.of(EventKind.UPDATE_ATTEMPT).get(0).source().line()).isEqualTo(53);
        assertThat(s.of(EventKind.FAILED_OPERATION)).isEmpty();
    }

    @Test
    void awsTimedLogLineNamesItsOwnStepAndTheAgentsExitStatusIsNoCode() throws Exception {
        Scanned s = Scanned.fixture("patch-agent/aws-runpatchbaseline-timed-log-search-error.txt");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .hasSize(2)
                .allSatisfy(
                        f -> assertThat(f).containsEntry(Fact.PHASE, "scan").containsEntry(Fact.CODE, "0x80240437"));
        assertThat(s.events()).noneSatisfy(e -> assertThat(e.facts()).containsEntry(Fact.CODE, "0xFFFFFFFF"));
    }

    /** The module download never ended: the failure is the agent's own preparation, with no servicing code. */
    @Test
    void awsModuleDownloadFailureIsTheAgentsOwnBeforeWindowsUpdate() throws Exception {
        Scanned s = Scanned.fixture("patch-agent/aws-runpatchbaseline-module-download-from-s3-failed.txt");

        assertThat(s.format()).isEqualTo("patch-agent-output");
        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .containsEntry(Fact.PHASE, "prepare")
                        .containsEntry(Fact.CLIENT, PatchAgentOutputReader.AWS)
                        .containsEntry(Fact.OPERATION, "download of its PatchBaselineOperations module from S3")
                        .containsEntry(Fact.DETAIL, "Unable to connect to the remote server")
                        .doesNotContainKey(Fact.CODE));
        assertThat(s.of(EventKind.UPDATE_ATTEMPT)).isEmpty();
        assertThat(s.of(EventKind.ERROR_CODE)).isEmpty();
    }

    @Test
    void osConfigsLostReportOfTheRebootingStateIsAReportFailureNotAnUpdates() throws Exception {
        Scanned s = Scanned.fixture("patch-agent/osconfig-rebooting-report-canceled-by-the-restart.txt");

        assertThat(s.format()).isEqualTo("patch-agent-output");
        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .containsEntry(Fact.PHASE, "report")
                        .containsEntry(Fact.CLIENT, PatchAgentOutputReader.GOOGLE)
                        .containsEntry(Fact.OPERATION, "report of the patch run's state REBOOTING")
                        .doesNotContainKey(Fact.LEVEL));
        assertThat(s.of(EventKind.UPDATE_ATTEMPT)).isEmpty();
    }

    /** NoAutoUpdate=1 is what the extension wants for a customer-managed schedule: routine lines, no event. */
    @Test
    void azurePatchExtensionsRoutineLinesAreReadAndSayNothingFailed() throws Exception {
        Scanned s = Scanned.fixture("patch-agent/azure-patch-extension-noautoupdate-already-set.log");

        assertThat(s.format()).isEqualTo("patch-agent-output");
        assertThat(s.events()).isEmpty();
    }
}
