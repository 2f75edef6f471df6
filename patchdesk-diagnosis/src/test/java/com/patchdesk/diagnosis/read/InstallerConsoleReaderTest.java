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
}
