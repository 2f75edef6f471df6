package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Console output of tools that ran an update package: the package and its exit code as an install attempt. */
class InstallerConsoleReaderTest {

    /** Chef ran the .msu and printed wusa's exit code in decimal: -2145124329 is 0x80240017, not applicable. */
    @Test
    void aDecimalExitCodeOfAnMsuIsItsHresultAndTheUpdateIsTheOneItsFileNames() throws Exception {
        Scanned s = Scanned.fixture("installer-console/chef-msu-not-applicable-2145124329.txt");

        assertThat(s.format()).isEqualTo("installer-console");
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(Tuple.tuple("KB2919355", "failure", "0x80240017"));
    }

    /**
     * Chocolatey's KB package calls WU_S_ALREADY_INSTALLED a failure, in hex and in its summary in decimal (2359302):
     * it is a success code, the update is already there.
     */
    @Test
    void windowsUpdatesSuccessCodesAreNoFailureWhateverTheToolCallsThem() throws Exception {
        Scanned s = Scanned.fixture("installer-console/chocolatey-kb-already-installed-0x00240006.txt");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(
                        Tuple.tuple("KB3035131", "success", "0x00240006"),
                        Tuple.tuple("KB3035131", "success", "0x00240006"),
                        Tuple.tuple("KB3035131", "success", "0x00240006"));
    }

    /** A person's sentences about wusa and a package, with numbers in them, are no exit codes. */
    @Test
    void numbersInProseAboutAnInstallAreNoExitCodes() throws Exception {
        Scanned s = Scanned.fixture("installer-console/prose-about-wusa-is-no-exit-code.txt");

        assertThat(s.of(EventKind.UPDATE_ATTEMPT)).isEmpty();
    }

    /** The older Chocolatey extension prints a Win32 exit code in decimal: 1058 is ERROR_SERVICE_DISABLED. */
    @Test
    void aDecimalWin32ExitCodeOfAKbPackageIsItsHresult() throws Exception {
        Scanned s = Scanned.fixture("installer-console/chocolatey-kb-failed-exit-code-1058.txt");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(
                        Tuple.tuple("KB3035131", "failure", "0x80070422"),
                        Tuple.tuple("KB3035131", "failure", "0x80070422"));
    }

    /** DISM run by Boxstarter asks for a restart (3010): the feature is in, no failure. */
    @Test
    void dismRunByAPackageManagerThatAsksForARestartSucceeded() throws Exception {
        Scanned s = Scanned.fixture("installer-console/boxstarter-dism-feature-exited-3010.txt");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(Tuple.tuple("success", "0x80070BC2"));
    }

    /** The shapes of image builds: packer's "ExitCode:", ansible's download result, runner-images' list, docker's DISM. */
    @Test
    void imageBuildToolsTellTheUpdateAndItsResult() throws Exception {
        assertThat(Scanned.fixture("installer-console/packer-msu-exitcode-2145124329.txt")
                        .facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(Tuple.tuple("KB5003171", "failure", "0x80240017"));
        assertThat(Scanned.fixture("installer-console/ansible-download-result-4.txt")
                        .facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.PHASE), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(Tuple.tuple("KB4487006", "download", "failure", null));
        assertThat(Scanned.fixture("installer-console/runner-images-updates-failed-to-install.txt")
                        .facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(Tuple.tuple("KB5001148", "failure", null));
        assertThat(Scanned.fixture("installer-console/docker-dism-returned-non-zero-3010.txt")
                        .facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(
                        Tuple.tuple("KB5009557", "failure", "0xFFFFFFFF"),
                        Tuple.tuple("KB5009557", "success", "0x80070BC2"));
    }

    /**
     * PSWU's event table: "Installer error -2145124318, resultcode 4" is 0x80240022 in signed decimal, twice; its
     * "Updates installed; reboot NOT needed." after them is no success (its maintainer calls it a bug of the tool).
     */
    @Test
    void pswusInstallerErrorIsTheUpdatesFailureAndItsClosingWordsAreNoSuccess() throws Exception {
        Scanned s = Scanned.fixture("installer-console/pswu-installer-error-signed-decimal-then-updates-installed.txt");

        assertThat(s.format()).isEqualTo("installer-console");
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(Tuple.tuple("failure", "0x80240022"), Tuple.tuple("failure", "0x80240022"));
    }

    /** Boxstarter wraps the title at the console's width: the update is the one the output names, KB976932. */
    @Test
    void boxstartersFinishedInstallIsASuccessOfTheUpdateTheOutputNames() throws Exception {
        Scanned s = Scanned.fixture("installer-console/boxstarter-sp1-installed-title-wrapped.txt");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(Tuple.tuple("KB976932", "success", null));
    }

    /** ansible's result JSON: the code in unsigned decimal, the KB in the lines below it. */
    @Test
    void ansiblesFailureHresultCodeIsTheFailureOfTheUpdateItsResultNames() throws Exception {
        Scanned s = Scanned.fixture("installer-console/ansible-result-failure-hresult-unsigned-decimal.txt");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(Tuple.tuple("KB4577586", "failure", "0x80240017"));
    }

    /** "An update loop was detected": the one update of the run failed, with what the tool says of it. */
    @Test
    void ansiblesUpdateLoopIsAFailureOfTheUpdate() throws Exception {
        Scanned s = Scanned.fixture("installer-console/ansible-update-loop-detected.txt");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .containsEntry(Fact.KB, "KB5034439")
                        .containsEntry(Fact.RESULT, "failure")
                        .hasEntrySatisfying(Fact.DETAIL, d -> assertThat(d).contains("update loop")));
    }

    /** packer's scan that the WSUS server failed: a scan failure with the code of the exception. */
    @Test
    void packersFailedSearchIsAScanFailure() throws Exception {
        Scanned s = Scanned.fixture("installer-console/packer-search-failed-exception-hresult.txt");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f)
                        .containsEntry(Fact.PHASE, "scan")
                        .containsEntry(Fact.RESULT, "failure")
                        .containsEntry(Fact.CODE, "0x8024401F"));
    }

    /** Get-WUHistory's rows: each succeeded install of the update its title names. */
    @Test
    void wuHistoryRowsAreTheUpdatesResults() throws Exception {
        Scanned s = Scanned.fixture("installer-console/pswindowsupdate-wuhistory-succeeded.txt");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT))
                .containsExactly(
                        Tuple.tuple("KB5043124", "success"),
                        Tuple.tuple("KB5043051", "success"),
                        Tuple.tuple("KB5042211", "success"),
                        Tuple.tuple("KB890830", "success"));
    }

    /** win-updates.ps1's "Installation Result: 2" is OperationResultCode succeeded, and the restart it asks for. */
    @Test
    void packersInstallationResultIsTheOperationResultCode() throws Exception {
        Scanned s = Scanned.fixture("installer-console/packer-win-updates-result-2-reboot-required.log");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .containsEntry(Fact.KB, "KB4467708")
                        .containsEntry(Fact.RESULT, "success")
                        .containsEntry(Fact.DETAIL, "reboot required"));
    }
}
