package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class DismConsoleReaderTest {

    @Test
    void chineseCheckHealthSavedInGbkSaysTheStoreIsRepairable() throws Exception {
        Scanned s = Scanned.fixture("dism-console/checkhealth-repairable.zh-CN.gbk.txt");

        assertThat(s.format()).isEqualTo("dism-console");
        assertThat(s.encoding()).isEqualTo("GB18030");
        assertThat(s.facts(EventKind.STORE_HEALTH))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(entry(Fact.HEALTH, "repairable"), entry(Fact.OPERATION, "/CheckHealth")));
        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f ->
                        assertThat(f).contains(entry(Fact.OPERATION, "/CheckHealth"), entry(Fact.RESULT, "success")));
        // "版本: 10.0.17763.1" is DISM's own version; only the image version is the OS build.
        assertThat(s.facts(EventKind.OS_BUILD))
                .extracting(f -> f.get(Fact.OS_BUILD))
                .containsExactly("17763.774");
    }

    @Test
    void restoreHealthErrorCarriesItsCodeAndTheMessageAfterIt() throws Exception {
        Scanned s = Scanned.fixture("dism-console/restorehealth-source-not-found-0x800f081f.en.txt");

        assertThat(s.of(EventKind.TOOL_RUN)).singleElement().satisfies(e -> {
            assertThat(e.facts())
                    .contains(
                            entry(Fact.OPERATION, "/RestoreHealth"),
                            entry(Fact.RESULT, "failure"),
                            entry(Fact.CODE, "0x800F081F"),
                            entry(Fact.DETAIL, "The source files could not be found."));
            assertThat(e.source().line()).isEqualTo(9);
        });
        assertThat(s.facts(EventKind.OS_BUILD))
                .extracting(f -> f.get(Fact.OS_BUILD))
                .containsExactly("17763.774");
    }

    @Test
    void chineseRestoreHealthErrorKeepsItsChineseMessage() throws Exception {
        Scanned s = Scanned.fixture("dism-console/restorehealth-source-not-found.zh-CN.gbk.txt");

        assertThat(s.encoding()).isEqualTo("GB18030");
        assertThat(s.of(EventKind.TOOL_RUN)).singleElement().satisfies(e -> {
            assertThat(e.facts())
                    .contains(
                            entry(Fact.OPERATION, "/RestoreHealth"),
                            entry(Fact.RESULT, "failure"),
                            entry(Fact.CODE, "0x800F081F"),
                            entry(Fact.DETAIL, "找不到源文件。"));
            assertThat(e.source().text()).isEqualTo("错误: 0x800f081f");
        });
    }

    @Test
    void chineseGetPackagesGivesEachPackageItsStateInEnglish() throws Exception {
        Scanned s = Scanned.fixture("dism-console/get-packages.zh-CN.gbk.txt");

        assertThat(s.facts(EventKind.PACKAGE_STATE))
                .extracting(f -> f.get(Fact.PACKAGE), f -> f.get(Fact.STATE))
                .containsExactly(
                        Tuple.tuple("Package_for_KB5032306~31bf3856ad364e35~amd64~~17763.5020.1.4", "Installed"),
                        Tuple.tuple("Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.774.1.9", "Superseded"),
                        Tuple.tuple(
                                "Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.11", "Install Pending"));
        assertThat(s.facts(EventKind.PACKAGE_STATE).get(0)).containsEntry(Fact.KB, "KB5032306");
    }

    @Test
    void addPackageSavedByPowerShellInUtf16NamesThePackageItAdded() throws Exception {
        Scanned s = Scanned.fixture("dism-console/add-package-success.en.utf16le-bom.txt");

        assertThat(s.encoding()).isEqualTo("UTF-16LE");
        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(
                                entry(Fact.OPERATION, "/Add-Package"),
                                entry(Fact.RESULT, "success"),
                                entry(Fact.KB, "KB5032306"),
                                entry(Fact.PACKAGE, "Package_for_KB5032306~31bf3856ad364e35~amd64~~17763.5020.1.4")));
    }

    // The fixtures named after real cases are copied from the public real-excerpts corpus (its SOURCE.md files give
    // the threads): 35 (LTSC 2019 rollup, abbodi1406/adavak scripts), 40 (Windows 8.1 offline rollup), 31 (Russian
    // NetFx3), 45 (tiny11 /Remove-Package), 03 (Server 2016 container /Enable-Feature).

    @Test
    void aPackageThatFailsWithADecimalCodeIsAFailedAddPackageRunOfThatPackage() throws Exception {
        Scanned s = Scanned.fixture("dism-console/rollup-transaction-members-missing-decimal-14107.en.txt");

        assertThat(s.format()).isEqualTo("dism-console");
        // "Error: 14107" is Win32 14107, the HRESULT 0x8007371B the package line printed, not 0x0000371B.
        assertThat(s.of(EventKind.TOOL_RUN)).singleElement().satisfies(e -> {
            assertThat(e.facts())
                    .contains(
                            entry(Fact.OPERATION, "/Add-Package"),
                            entry(Fact.RESULT, "failure"),
                            entry(Fact.CODE, "0x8007371B"),
                            entry(Fact.PACKAGE, "Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.7314.1.18"),
                            entry(Fact.DETAIL, "One or more required members of the transaction are not present."));
            assertThat(e.source().text()).isEqualTo("Error: 14107");
        });
        assertThat(s.facts(EventKind.ERROR_CODE))
                .singleElement()
                .satisfies(f ->
                        assertThat(f).contains(entry(Fact.CODE, "0x8007371B"), entry(Fact.OPERATION, "/Add-Package")));
        assertThat(s.facts(EventKind.OS_BUILD))
                .extracting(f -> f.get(Fact.OS_BUILD))
                .containsExactly("17763.316");
    }

    @Test
    void outputWithoutTheBannerGivesEachPackageItsErrorAndTheRunTheClosingOne() throws Exception {
        Scanned s = Scanned.fixture("dism-console/offline-rollup-unserviceable-no-banner.en.txt");

        assertThat(s.format()).isEqualTo("dism-console");
        assertThat(s.facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE), f -> f.get(Fact.PACKAGE))
                .containsExactly(
                        Tuple.tuple("0x8007007F", "Package_for_RollupFix~31bf3856ad364e35~x86~~9600.20821.1.18"),
                        Tuple.tuple("0x800F0830", "Package_for_KB5023819"));
        assertThat(s.facts(EventKind.ERROR_CODE).get(1)).containsEntry(Fact.KB, "KB5023819");
        // "Error: 127" is 0x8007007F: the run's failure is the package that failed with that code.
        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(
                                entry(Fact.RESULT, "failure"),
                                entry(Fact.CODE, "0x8007007F"),
                                entry(Fact.OPERATION, "/Add-Package"),
                                entry(Fact.PACKAGE, "Package_for_RollupFix~31bf3856ad364e35~x86~~9600.20821.1.18")));
    }

    @Test
    void russianEnableFeatureFailureCarriesCodeOperationAndRussianMessage() throws Exception {
        Scanned s = Scanned.fixture("dism-console/enable-netfx3-source-missing.ru.txt");

        assertThat(s.format()).isEqualTo("dism-console");
        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(
                                entry(Fact.RESULT, "failure"),
                                entry(Fact.CODE, "0x800F081F"),
                                entry(Fact.OPERATION, "/Enable-Feature"),
                                entry(Fact.DETAIL, "Не удалось найти исходные файлы.")));
        // "Версия: 10.0.19041.3636" is DISM's own version; "Версия образа" is the image's.
        assertThat(s.facts(EventKind.OS_BUILD))
                .extracting(f -> f.get(Fact.OS_BUILD))
                .containsExactly("19045.6456");
    }

    @Test
    void aPackageDismCannotUseFailsTheRunWithItsCodeAndName() throws Exception {
        Scanned s = Scanned.fixture("dism-console/remove-package-not-valid-0x800f0805.en.txt");

        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(
                                entry(Fact.RESULT, "failure"),
                                entry(Fact.CODE, "0x800F0805"),
                                entry(Fact.PACKAGE, "Microsoft-Windows-InternetExplorer-Optional-Package"),
                                entry(Fact.DETAIL, "DISM failed. No operation was performed.")));
    }

    @Test
    void aClosingErrorWithoutAnythingBeforeItIsAFailedRun() throws Exception {
        Scanned s = Scanned.fixture("dism-console/enable-feature-installers-failed-no-banner.en.txt");

        assertThat(s.format()).isEqualTo("dism-console");
        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f -> assertThat(f).contains(entry(Fact.RESULT, "failure"), entry(Fact.CODE, "0x800F0922")));
    }

    @Test
    void theCommandNamesTheFeatureAndAnSfcRunAfterItIsReadAsSfc() throws Exception {
        Scanned s = Scanned.fixture("dism-console/enable-netfx3-then-sfc-repair-pending.en.txt");

        assertThat(s.facts(EventKind.TOOL_RUN))
                .extracting(
                        f -> f.get(Fact.OPERATION),
                        f -> f.get(Fact.RESULT),
                        f -> f.get(Fact.CODE),
                        f -> f.get(Fact.FEATURE))
                .containsExactly(
                        Tuple.tuple("/Enable-Feature", "failure", "0x800F081F", "NetFx3"),
                        Tuple.tuple("sfc /scannow", "failure", null, null));
        assertThat(s.facts(EventKind.REBOOT_PENDING)).hasSize(1);
    }

    @Test
    void aDismCmdletFailureIsAFailedRunOfTheOptionItStandsFor() throws Exception {
        Scanned s = Scanned.fixture("dism-console/powershell-add-windowspackage-not-applicable.en.txt");

        assertThat(s.format()).isEqualTo("dism-console");
        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(
                                entry(Fact.OPERATION, "/Add-Package"),
                                entry(Fact.RESULT, "failure"),
                                entry(Fact.CODE, "0x800F081E"),
                                entry(Fact.KB, "KB5017500"),
                                entry(Fact.PACKAGE, "windows10.0-kb5017500-x64-ndp48.cab")));
    }

    @Test
    void decimalCodesAreWin32ErrorsBelow0x10000AndHresultsAbove() {
        assertThat(DismConsoleReader.code("14107")).isEqualTo("0x8007371B");
        assertThat(DismConsoleReader.code("127")).isEqualTo("0x8007007F");
        assertThat(DismConsoleReader.code("2388526074")).isEqualTo("0x8E5E03FA");
        assertThat(DismConsoleReader.code("-2146498529")).isEqualTo("0x800F081F");
        assertThat(DismConsoleReader.code("0")).isNull();
        assertThat(DismConsoleReader.code("0x800f081f")).isEqualTo("0x800F081F");
    }

    @Test
    void anErrorSavedOnTheProgressBarsLineIsTheRunsError() throws Exception {
        Scanned s = Scanned.fixture("dism-console/restorehealth-error-on-progress-bar-line.en.txt");

        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(
                                entry(Fact.OPERATION, "/RestoreHealth"),
                                entry(Fact.RESULT, "failure"),
                                entry(Fact.CODE, "0x800F0906"),
                                entry(Fact.DETAIL, "The source files could not be downloaded.")));
    }

    /**
     * Server Manager's Install-WindowsFeature failing through DISM's API: its code stands at the end of a wrapped line
     * and PowerShell prints the call, which names the feature, after the message.
     */
    @Test
    void installWindowsFeatureFailingIsARunOfTheFeatureItsCallNames() throws Exception {
        Scanned s = Scanned.fixture("dism-console/install-windowsfeature-source-missing-code-on-wrapped-line.en.txt");

        assertThat(s.format()).isEqualTo("dism-console");
        assertThat(s.facts(EventKind.TOOL_RUN))
                .extracting(f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE), f -> f.get(Fact.FEATURE))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("failure", "0x800F081F", "Server-Media-Foundation"));
    }

    /** The same under a CI tool's line prefix ("==> vhd: "), the feature named by the script around it. */
    @Test
    void aLinePrefixOfTheToolThatRanItChangesNothing() throws Exception {
        Scanned s = Scanned.fixture("dism-console/packer-install-windowsfeature-netfx-0x800f0950.en.txt");

        assertThat(s.facts(EventKind.TOOL_RUN))
                .extracting(f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE), f -> f.get(Fact.FEATURE))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("failure", "0x800F0950", "NET-Framework-Features"));
    }

    /** A note that quotes DISM's code and message on one line ("# 错误: 0x800f080c 功能名称 ... 未知") is read too. */
    @Test
    void aCodeAndItsMessageOnOneLineAreTheRunsFailure() throws Exception {
        Scanned s = Scanned.fixture("dism-console/enable-wsl-code-and-message-on-one-line.zh-CN.txt");

        assertThat(s.format()).isEqualTo("dism-console");
        assertThat(s.facts(EventKind.TOOL_RUN))
                .extracting(f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE), f -> f.get(Fact.DETAIL))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "failure", "0x800F080C", "功能名称 Microsoft-Windows-Subsystem-Linux 未知"));
    }

    /** The command's /Source (and whether it forbade Windows Update) goes with its failure (g10). */
    @Test
    void theSourceACommandWasGivenGoesWithItsFailure() throws Exception {
        Scanned s = Scanned.fixture("dism-console/enable-feature-with-source-0x800f0906.txt");

        assertThat(s.facts(EventKind.TOOL_RUN))
                .extracting(f -> f.get(Fact.CODE), f -> f.get(Fact.PAYLOAD_SOURCE))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0x800F0906", "wim:d:\\sources\\install.wim:4"));
    }

    /**
     * An issue quoting PowerShell's failure, then saying in a sentence on which build it fails (n02 in
     * eval/real-excerpts-team): the sentence's build is the machine's.
     */
    @Test
    void anIssuesSentenceStatesTheBuild() throws Exception {
        Scanned s = Scanned.fixture("dism-console/capability-failure-in-an-issue-stating-the-build.en.txt");

        assertThat(s.facts(EventKind.OS_BUILD))
                .extracting(f -> f.get(Fact.OS_BUILD))
                .containsExactly("17763.1");
        assertThat(s.facts(EventKind.TOOL_RUN))
                .extracting(f -> f.get(Fact.OPERATION), f -> f.get(Fact.CODE))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/Add-Capability", "0x800F0950"));
    }
}
