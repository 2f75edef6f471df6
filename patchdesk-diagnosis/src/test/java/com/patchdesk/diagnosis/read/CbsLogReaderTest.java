package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CbsLogReaderTest {

    @Test
    void missingPackageOfTheCumulativeUpdateIsAnErrorCodeAndAFailedOperationCitingItsLine() throws Exception {
        Scanned s = Scanned.fixture("cbs/package-not-found-0x80070490.log");

        assertThat(s.format()).isEqualTo("cbs-log");
        Event resolve = s.of(EventKind.FAILED_OPERATION).get(0);
        assertThat(resolve.facts())
                .contains(
                        entry(Fact.OPERATION, "resolve package"),
                        entry(Fact.CODE, "0x80070490"),
                        entry(Fact.PACKAGE, "Package_2_for_KB5032196~31bf3856ad364e35~amd64~~10.0.1.11"),
                        entry(Fact.KB, "KB5032196"),
                        entry(Fact.SOURCE, "CBS"));
        assertThat(resolve.source().location()).isEqualTo("package-not-found-0x80070490.log:9");
        assertThat(resolve.time()).isEqualTo(LocalDateTime.of(2023, 12, 29, 9, 41, 7));

        assertThat(s.facts(EventKind.ERROR_CODE))
                .allSatisfy(f -> assertThat(f).containsEntry(Fact.CODE, "0x80070490"))
                .filteredOn(f -> f.containsKey(Fact.SYMBOL))
                .extracting(f -> f.get(Fact.SYMBOL))
                .containsOnly("ERROR_NOT_FOUND")
                .hasSize(3);
        assertThat(s.of(EventKind.ERROR_CODE))
                .extracting(e -> e.source().line())
                .containsExactly(9L, 10L, 11L, 12L);
    }

    @Test
    void aPackageNamedWithoutItsVersionIsStillThePackageOfTheFailure() throws Exception {
        // Real lines (Microsoft's support blog on 0x80073701, Windows 7): the package identity ends in "~~".
        Scanned s = Scanned.fixture("cbs/installed-update-files-missing-0x80073701.log");

        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .extracting(f -> f.get(Fact.OPERATION), f -> f.get(Fact.KB))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pin deployment while resolving Update", null),
                        org.assertj.core.groups.Tuple.tuple("resolve item", "KB2447568"));
        assertThat(s.facts(EventKind.FAILED_OPERATION).get(1))
                .containsEntry(Fact.PACKAGE, "Package_1_for_KB2447568~31bf3856ad364e35~amd64~~");
    }

    @Test
    void aLineQuotedWithItsSourceColumnAloneIsReadAsACbsLine() throws Exception {
        // As woshub quoted it: "CBS Failed to pin deployment ... 20348.880.1.1from file: (null) [HRESULT = 0x80073701 –
        // ...]".
        Scanned s = Scanned.path(
                java.nio.file.Path.of(
                        "src/test/resources/eval/real-excerpts-team/t04-ws2022-kb5012170-files-missing-0x80073701/bundle/CBS.log"));

        assertThat(s.format()).isEqualTo("cbs-log");
        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(
                                entry(Fact.OPERATION, "pin deployment while resolving Update"),
                                        entry(Fact.KB, "KB5012170"),
                                entry(Fact.CODE, "0x80073701"), entry(Fact.SOURCE, "CBS")));
    }

    @Test
    void zeroStatusesFlagsAndAddressesAreNotErrorCodes() throws Exception {
        Scanned s = Scanned.fixture("cbs/package-not-found-0x80070490.log");

        assertThat(s.of(EventKind.ERROR_CODE))
                .extracting(e -> e.source().line())
                .doesNotContain(4L, 8L);
        Scanned reboot = Scanned.fixture("cbs/reboot-pending-and-disk-full.log");
        assertThat(reboot.facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE))
                .containsExactly("0x80070070");
    }

    @Test
    void sessionsAndTheServicingStackAreReported() throws Exception {
        Scanned s = Scanned.fixture("cbs/package-not-found-0x80070490.log");

        assertThat(s.facts(EventKind.SERVICING_STACK))
                .containsExactly(java.util.Map.of(Fact.SSU_VERSION, "10.0.17763.5020", Fact.SOURCE, "CBS"));
        assertThat(s.facts(EventKind.SESSION))
                .satisfiesExactly(
                        start -> assertThat(start)
                                .contains(
                                        entry(Fact.SESSION, "31078557_1954218405"),
                                        entry(Fact.CLIENT, "WindowsUpdateAgent"),
                                        entry(Fact.DETAIL, "initialized")),
                        end -> assertThat(end)
                                .contains(
                                        entry(Fact.SESSION, "31078557_1954218405"),
                                        entry(Fact.RESULT, "failure"),
                                        entry(Fact.CODE, "0x80070490")));
    }

    @Test
    void packageStatesComeFromApplicabilityExecAndReportingLines() throws Exception {
        Scanned s = Scanned.fixture("cbs/package-not-found-0x80070490.log");

        assertThat(s.facts(EventKind.PACKAGE_STATE))
                .satisfiesExactly(
                        cached -> assertThat(cached)
                                .contains(entry(Fact.KB, "KB5032306"), entry(Fact.STATE, "Installed")),
                        exec -> assertThat(exec)
                                .contains(
                                        entry(Fact.STATE, "Absent"),
                                        entry(Fact.TARGET_STATE, "Installed"),
                                        entry(
                                                Fact.PACKAGE,
                                                "Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.11")),
                        change -> assertThat(change)
                                .contains(
                                        entry(Fact.STATE, "Absent"),
                                        entry(Fact.FROM_STATE, "Absent"),
                                        entry(Fact.TARGET_STATE, "Installed"),
                                        entry(Fact.RESULT, "failure"),
                                        entry(Fact.CODE, "0x80070490"),
                                        entry(Fact.DETAIL, "failure source: Resolve")));
    }

    @Test
    void aPrerequisiteThatStaysStagedIsVisibleAsAFailedStateChange() throws Exception {
        Scanned s = Scanned.fixture("cbs/prerequisite-ssu-staged-not-installed.log");

        assertThat(s.facts(EventKind.PACKAGE_STATE))
                .allSatisfy(
                        f -> assertThat(f).containsEntry(Fact.KB, "KB5032306").containsEntry(Fact.STATE, "Staged"))
                .anySatisfy(
                        f -> assertThat(f).containsEntry(Fact.RESULT, "failure").containsEntry(Fact.CODE, "0x800F0922"))
                .hasSize(4);
        assertThat(s.facts(EventKind.SESSION))
                .first()
                .extracting(f -> f.get(Fact.CLIENT))
                .isEqualTo("DISM Package Manager Provider");
    }

    @Test
    void aComponentNamedInAFailureIsAReferenceWithItsVersion() throws Exception {
        Scanned s = Scanned.fixture("cbs/component-missing-17763.1879.log");

        assertThat(s.facts(EventKind.COMPONENT_REFERENCE))
                .extracting(f -> f.get(Fact.COMPONENT), f -> f.get(Fact.VERSION))
                .containsOnly(org.assertj.core.groups.Tuple.tuple(
                        "amd64_hyperv-vmsynthnic_31bf3856ad364e35_10.0.17763.1879_none_fc948d4afe9ac7bb",
                        "10.0.17763.1879"));
        assertThat(s.of(EventKind.COMPONENT_REFERENCE))
                .extracting(e -> e.source().line())
                .containsExactly(2L, 3L);
        assertThat(s.facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE))
                .containsExactly("0x80070490", "0x80070490", "0x80070490");
        assertThat(s.facts(EventKind.OS_BUILD))
                .extracting(f -> f.get(Fact.OS_BUILD))
                .containsExactly("17763.774");
    }

    @Test
    void forwardDeltaFailureNamesFileComponentAndCode() throws Exception {
        Scanned s = Scanned.fixture("cbs/forward-delta-failed-wkscli.log");

        assertThat(s.of(EventKind.DELTA_FAILURE))
                .extracting(e -> e.source().line())
                .containsExactly(17L, 18L, 19L, 20L);
        assertThat(s.facts(EventKind.DELTA_FAILURE))
                .allSatisfy(f -> assertThat(f).containsEntry(Fact.FILE, "wkscli.dll"))
                .filteredOn(f -> "forward delta".equals(f.get(Fact.DETAIL)))
                .hasSize(3)
                .allSatisfy(f -> assertThat(f).containsEntry(Fact.CODE, "0x800F0986"));
        assertThat(s.facts(EventKind.DELTA_FAILURE))
                .anySatisfy(
                        f -> assertThat(f)
                                .containsEntry(
                                        Fact.COMPONENT,
                                        "amd64_microsoft-windows-w..ationservice-netapi_31bf3856ad364e35_10.0.17763.2803_none_c2d208398729f542"));
    }

    /**
     * CSI's "Hydration failed for component …, version 10.0.22000.778 … on file wincorlib.dll with NTSTATUS
     * -1073283059. Matching Component = …, version 10.0.22000.653" (n01 of eval/real-excerpts-team): the file's forward
     * delta did not apply to the installed version's file. The matching version is the baseline (its folder is not on
     * the line: the rule finds it by the file and the version), and the NTSTATUS is the code (not the generic gle).
     */
    @Test
    void aHydrationFailureIsAForwardDeltaFailureOnTheMatchingVersion() throws Exception {
        Scanned s = Scanned.fixture("cbs/hydration-failed-on-a-mismatched-baseline.log");

        assertThat(s.facts(EventKind.DELTA_FAILURE))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .containsEntry(Fact.DETAIL, "forward delta")
                        .containsEntry(Fact.FILE, "wincorlib.dll")
                        .containsEntry(Fact.CODE, "0xC007000D")
                        .containsEntry(Fact.VERSION, "10.0.22000.653")
                        .containsEntry(Fact.OPERATION, "hydration")
                        .containsEntry(Fact.COMPONENT, "Microsoft-Windows-COM-Base"));
    }

    @Test
    void storeCorruptionLinesAndTheStoreCheckSummaryAreReported() throws Exception {
        Scanned s = Scanned.fixture("cbs/forward-delta-failed-wkscli.log");

        assertThat(s.facts(EventKind.STORE_CORRUPTION))
                .extracting(f -> f.get(Fact.DETAIL), f -> f.get(Fact.FILE))
                .contains(
                        org.assertj.core.groups.Tuple.tuple("payload corrupt", "wkscli.dll"),
                        org.assertj.core.groups.Tuple.tuple("payload missing", "efisys_noprompt.bin"),
                        org.assertj.core.groups.Tuple.tuple("2 corruption(s) detected by the store check", null),
                        org.assertj.core.groups.Tuple.tuple("cannot repair", "wkscli.dll"));
        // A hash mismatch alone is what every SFC run writes before it repairs: the "cannot repair" tells corruption.
        assertThat(s.facts(EventKind.STORE_CORRUPTION))
                .extracting(f -> f.get(Fact.DETAIL))
                .doesNotContain("hash mismatch");
        assertThat(s.facts(EventKind.BENIGN_LINE))
                .extracting(f -> f.get(Fact.BENIGN))
                .contains("hash-mismatch-verified");
        assertThat(s.facts(EventKind.STORE_CORRUPTION))
                .anySatisfy(f -> assertThat(f)
                        .containsEntry(Fact.COMPONENT, "Microsoft-Windows-WorkstationService-NetApi")
                        .containsEntry(Fact.VERSION, "10.0.17763.2803"));
        // "Detect only" (ScanHealth): nothing was meant to be repaired, so "Total Repaired Corruption: 0" is no failure
        // to
        // repair; what it detected makes the store repairable, as ScanHealth's console says.
        assertThat(s.facts(EventKind.STORE_HEALTH))
                .extracting(f -> f.get(Fact.HEALTH))
                .containsExactly("repairable");
        assertThat(s.facts(EventKind.TOOL_RUN))
                .extracting(f -> f.get(Fact.DETAIL))
                .containsExactly("verify and repair started", "repairing 1 component(s)", "verify complete");
    }

    @Test
    void continuationLinesKeepTheirOwnNumbers() throws Exception {
        Scanned s = Scanned.fixture("cbs/forward-delta-failed-wkscli.log");

        assertThat(s.scan().read().get(0).lines()).isEqualTo(20);
        assertThat(s.of(EventKind.STORE_CORRUPTION))
                .filteredOn(e -> "cannot repair".equals(e.facts().get(Fact.DETAIL)))
                .extracting(e -> e.source().line())
                .containsExactly(14L);
    }

    @Test
    void pendingRebootAndFullDiskAreReportedButANegativeRebootFlagIsNot() throws Exception {
        Scanned s = Scanned.fixture("cbs/reboot-pending-and-disk-full.log");

        assertThat(s.of(EventKind.REBOOT_PENDING))
                .extracting(e -> e.source().line())
                .containsExactly(1L, 2L);
        assertThat(s.facts(EventKind.DISK_SPACE))
                .singleElement()
                .satisfies(f -> assertThat(f).containsEntry(Fact.FREE_BYTES, "104857600"));
        assertThat(s.facts(EventKind.SESSION))
                .singleElement()
                .satisfies(
                        f -> assertThat(f).containsEntry(Fact.RESULT, "success").doesNotContainKey(Fact.CODE));

        Scanned noReboot = Scanned.fixture("cbs/package-not-found-0x80070490.log");
        assertThat(noReboot.of(EventKind.REBOOT_PENDING)).isEmpty();
    }

    @Test
    void aRepeatedLineGivesTheSameEventsWithItsOwnLineAndTime() throws Exception {
        Scanned s = Scanned.fixture("cbs/repeated-lines-and-lines-that-depend-on-earlier-ones.log");

        List<Event> states = s.of(EventKind.PACKAGE_STATE);
        assertThat(states).extracting(e -> e.source().line()).containsExactly(1L, 2L, 3L, 40L);
        assertThat(states)
                .extracting(e -> e.timestamp().orElseThrow().toLocalTime().toString())
                .containsExactly("10:00", "10:00:05", "10:00:09", "10:00:50");
        assertThat(states)
                .extracting(Event::facts)
                .allSatisfy(
                        f -> assertThat(f).containsEntry(Fact.STATE, "Staged").containsEntry(Fact.KB, "KB5032306"))
                .containsOnly(states.get(0).facts());
        assertThat(states.get(1).source().text()).startsWith("2023-11-20 10:00:05");
        assertThat(states.get(1).facts())
                .as("a repeat shares the facts of the first")
                .isSameAs(states.get(0).facts());
        // The events share their facts, so the facts must be immutable.
        Map<Fact, String> facts = states.get(0).facts();
        assertThatThrownBy(() -> facts.put(Fact.STATE, "Installed")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> facts.entrySet().iterator().next().setValue("Installed"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> facts.keySet().remove(Fact.STATE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRepeatedTextTakesWhatTheLinesBeforeItLeaveAnew() throws Exception {
        Scanned s = Scanned.fixture("cbs/repeated-lines-and-lines-that-depend-on-earlier-ones.log");

        // The same continuation text names a component where it continues an Error line, not an Info line.
        assertThat(s.of(EventKind.COMPONENT_REFERENCE))
                .extracting(e -> e.source().line())
                .contains(5L)
                .doesNotContain(7L);
        // The same text is a failed operation on a line of level Error only.
        assertThat(s.of(EventKind.FAILED_OPERATION))
                .extracting(e -> e.source().line())
                .contains(41L)
                .doesNotContain(42L);
        // The same delta failure takes the file from the line before it, but not 26 lines on.
        assertThat(s.of(EventKind.DELTA_FAILURE))
                .filteredOn(e -> e.source().line() == 9L || e.source().line() == 35L)
                .extracting(e -> e.source().line(), e -> e.facts().get(Fact.FILE))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(9L, "wkscli.dll"),
                        org.assertj.core.groups.Tuple.tuple(35L, null));
        // The same "Total Repaired Corruption: 0" means another thing after 2 corruptions than after none.
        assertThat(s.of(EventKind.STORE_HEALTH))
                .extracting(e -> e.source().line(), e -> e.facts().get(Fact.HEALTH))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(37L, "not-repairable"),
                        org.assertj.core.groups.Tuple.tuple(39L, "healthy"));
    }

    @Test
    void aStatusThatIsNoCodeGivesAStateWithoutAResult() throws Exception {
        Scanned s = Scanned.fixture("cbs/package-states-with-damaged-status-values.log");

        assertThat(s.scan().skipped()).isEmpty();
        assertThat(s.facts(EventKind.PACKAGE_STATE))
                .extracting(f -> f.get(Fact.STATE), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Staged", null, null),
                        org.assertj.core.groups.Tuple.tuple("Staged", "failure", "0x800F0922"),
                        org.assertj.core.groups.Tuple.tuple("Installed", "success", null),
                        org.assertj.core.groups.Tuple.tuple("Installed", null, null));
    }

    /**
     * Lines as articles and forum posts quote them: without their time (lines 1 to 4 are from Microsoft's article on
     * 0x80070490 and IBM's on 0x80073701, as in the public real-excerpts corpus, cases 04 and 09), after a placeholder,
     * with collapsed padding or tabs. Each has its own level and source; a continuation takes those of the fragment
     * before it; every time is unknown.
     */
    @Test
    void linesQuotedWithoutTheirTimeAreReadWithTheirOwnLevelAndSource() throws Exception {
        Scanned s = Scanned.fixture("cbs/fragments-quoted-without-time.log");

        assertThat(s.format()).isEqualTo("cbs-log");
        // Times are unknown, except where an ISO date and time stands before the columns (line 14).
        assertThat(s.events())
                .isNotEmpty()
                .filteredOn(e -> e.time() != null)
                .allSatisfy(e -> assertThat(e.time()).isEqualTo(LocalDateTime.of(2020, 2, 6, 18, 53, 4)))
                .extracting(e -> e.source().line())
                .containsOnly(14L);
        // "Failed loading" counts as a failed operation only on an Error line: line 2 is one, line 1 is not.
        assertThat(s.of(EventKind.FAILED_OPERATION))
                .extracting(e -> e.source().line(), e -> e.facts().get(Fact.OPERATION))
                .contains(
                        org.assertj.core.groups.Tuple.tuple(2L, "loading driver operations queue"),
                        org.assertj.core.groups.Tuple.tuple(5L, "resolve package"),
                        org.assertj.core.groups.Tuple.tuple(6L, "process advanced operation queue"))
                .noneMatch(t -> t.toList().get(0).equals(1L));
        assertThat(s.of(EventKind.FAILED_OPERATION))
                .filteredOn(e -> e.source().line() == 5L)
                .singleElement()
                .satisfies(e -> assertThat(e.facts())
                        .contains(
                                entry(Fact.KB, "KB5032196"),
                                entry(Fact.SOURCE, "CBS"),
                                entry(Fact.CODE, "0x80070490")));
        assertThat(s.of(EventKind.ERROR_CODE))
                .filteredOn(e -> e.source().line() == 6L)
                .singleElement()
                .satisfies(e -> assertThat(e.facts()).containsEntry(Fact.CODE, "0x800F0922"));
        // Line 8 continues the Error fragment of line 7 (tab-separated); line 10 continues an Info one.
        assertThat(s.of(EventKind.COMPONENT_REFERENCE))
                .extracting(e -> e.source().line())
                .contains(8L)
                .doesNotContain(10L);
        assertThat(s.of(EventKind.COMPONENT_REFERENCE))
                .filteredOn(e -> e.source().line() == 8L)
                .allSatisfy(e -> assertThat(e.facts()).containsEntry(Fact.SOURCE, "CSI"));
        // "Information" is no level: line 11 is prose, not a column.
        assertThat(s.events()).noneMatch(e -> e.source().line() == 11L);
        // A date and time of another layout before the columns (lines 14, 16, 17): the columns are the line's own,
        // and an Error fragment with text that is not ASCII still passes its level on (line 18).
        assertThat(s.of(EventKind.COMPONENT_REFERENCE))
                .extracting(e -> e.source().line())
                .contains(15L, 18L);
        assertThat(s.of(EventKind.FAILED_OPERATION))
                .filteredOn(e -> e.source().line() == 16L)
                .singleElement()
                .satisfies(e -> assertThat(e.facts())
                        .contains(
                                entry(Fact.OPERATION, "get next package"),
                                entry(Fact.SOURCE, "CBS"),
                                entry(Fact.CODE, "0x800F0805")));
    }

    @Test
    void aWin32ErrorNamedBySymbolGetsItsCode() throws Exception {
        Scanned s = Scanned.fixture("cbs/fragments-quoted-without-time.log");

        assertThat(s.of(EventKind.ERROR_CODE))
                .filteredOn(e -> e.source().line() == 4L)
                .singleElement()
                .satisfies(e -> assertThat(e.facts())
                        .contains(
                                entry(Fact.CODE, "0x80073701"),
                                entry(Fact.SYMBOL, "ERROR_SXS_ASSEMBLY_MISSING"),
                                entry(Fact.SOURCE, "CSI")));
        assertThat(ErrorCodes.find("HRESULT_FROM_WIN32(ERROR_NO_SUCH_NAME_IN_ANY_TABLE)"))
                .isEmpty();
        assertThat(ErrorCodes.find("HRESULT_FROM_WIN32(14107)"))
                .extracting(ErrorCodes.Mention::code)
                .containsExactly("0x8007371B");
    }

    /**
     * CSI's failure status printed bare before its description (a real Windows 10 1709 line: .NET 3.5 blocked by a
     * broken link) is the line's code; the GetLastError CSI appends says nothing more beside it, and the addresses
     * it prints are no codes.
     */
    @Test
    void csisBareNtStatusIsTheLinesCode() {
        String line = "00000796 (F) c0000280 [Error,Facility=(system),Code=640 (0x0280)] #565888# from "
                + "Windows::Rtl::SystemImplementation::DirectFileSystemProvider::SysCreateFile(flags = (AllowFileNotFound|"
                + "0x00000100), oa = @0x9ea3fac38->OBJECT_ATTRIBUTES {on:[77]'\\??\\C:\\Program Files (x86)\\MSBuild'})"
                + "[gle=0x80004005]";

        assertThat(ErrorCodes.find(line)).extracting(ErrorCodes.Mention::code).containsExactly("0xC0000280");
    }

    /**
     * GetLastError's value, which Setup appends to lines where nothing of its own failed ({@code Error SP
     * pSPRemoveUpgradeRegTree: failed to delete reg tree …[gle=0x00000005]}), stays as printed: read as 0x80070005 it
     * would make the access-denied rule take a stale last error for the failure. The catalog explains it by its HRESULT.
     */
    @Test
    void aWin32LastErrorStaysAsPrinted() {
        assertThat(ErrorCodes.find("2023-05-20 10:45:12, Error                 SP     pSPRemoveUpgradeRegTree: failed"
                        + " to delete reg tree HKLM\\SYSTEM\\Setup\\Upgrade[gle=0x00000005]"))
                .extracting(ErrorCodes.Mention::code)
                .containsExactly("0x00000005");
        assertThat(com.patchdesk.diagnosis.knowledge.ErrorCatalog.standard().describe("0x00000005"))
                .hasValueSatisfying(c -> {
                    assertThat(c.code()).isEqualTo("0x00000005");
                    assertThat(c.symbol()).isEqualTo("ERROR_ACCESS_DENIED");
                    assertThat(c.meaning().en()).startsWith("Win32 error 5, a thread's last error");
                    assertThat(c.meaning().zh()).contains("Win32 错误 5");
                });
    }

    /**
     * CSI tells a failed hydration in two lines (14 in the shared corpus): "Hydration failed with error … Delta Type:
     * Reverse Delta", then "Hydration failed for component dual_helloface.inf … on file …": the component's failure is
     * the reverse delta's, not a forward delta on a missing baseline.
     */
    @Test
    void aHydrationAfterAReverseDeltaLineIsAReverseDelta() throws Exception {
        Scanned s = Scanned.fixture("cbs/reverse-delta-hydration-failed-then-its-component.log");

        assertThat(s.facts(EventKind.DELTA_FAILURE))
                .extracting(f -> f.get(Fact.DETAIL))
                .isNotEmpty()
                .containsOnly("reverse delta");
    }

    /** Windows 7's CSI prints its status as an HRESULT at severity Warning, with no "0x" (u02 in eval/real-excerpts-team). */
    @Test
    void csisBareHresultStatusIsTheLinesCode() {
        assertThat(
                        ErrorCodes.find(
                                "Error CSI 00000237@2015/8/30:04:25:29.184 (F) : Error 80092004"
                                        + " [Warning,Facility=FACILITY_NTSSPI,Code=8196 (0x2004)] originated in function"
                                        + " CCSDirectTransaction::AddImplicationsToCatalogsAndVerifyComponentHashes expression: (null)"))
                .extracting(ErrorCodes.Mention::code)
                .containsExactly("0x80092004");
        assertThat(ErrorCodes.find("(F) 80092004 [Warning,Facility=FACILITY_NTSSPI,Code=8196 (0x2004)] #14706236# from"
                        + " CCSDirectTransaction::PrepareForCommit(...)[gle=0x90092004]"))
                .extracting(ErrorCodes.Mention::code)
                .containsExactly("0x80092004");
    }

    /**
     * CSI's "Couldn't find the hash of component" (Info) is the failure CRYPT_E_NOT_FOUND follows; the last error it
     * wrapped onto a line of its own is no failure of its own (u02 in eval/real-excerpts-team).
     */
    @Test
    void aComponentHashMissingFromTheCatalogsIsAFailedVerificationOfThatComponent() throws Exception {
        Scanned s = Scanned.fixture("cbs/win7-batch-install-component-hash-not-in-catalog.log");

        assertThat(s.of(EventKind.FAILED_OPERATION)).singleElement().satisfies(e -> {
            assertThat(e.facts().get(Fact.OPERATION)).isEqualTo("verify component hash");
            assertThat(e.facts().get(Fact.COMPONENT))
                    .isEqualTo("Microsoft-Windows-BootEnvironment-OS-Loader.Resources");
            assertThat(e.facts().get(Fact.VERSION)).isEqualTo("6.1.7601.23136");
            assertThat(e.facts().get(Fact.CODE)).isEqualTo("0x80092004");
            assertThat(e.facts().get(Fact.FILE)).endsWith("2c87d5.cat");
        });
        assertThat(s.of(EventKind.ERROR_CODE))
                .extracting(e -> e.facts().get(Fact.CODE))
                .containsOnly("0x80092004");
    }

    @Test
    void theBaseBuildComesFromTheBuildLineAndTheServicingStackWithoutARevision() throws Exception {
        Scanned s = Scanned.fixture("cbs/fragments-quoted-without-time.log");

        assertThat(s.of(EventKind.OS_BUILD))
                .extracting(e -> e.source().line(), e -> e.facts().get(Fact.OS_BUILD))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(12L, "22621"),
                        org.assertj.core.groups.Tuple.tuple(13L, "22621"));
        assertThat(s.facts(EventKind.SERVICING_STACK))
                .singleElement()
                .satisfies(f -> assertThat(f).containsEntry(Fact.SSU_VERSION, "10.0.22621.3801"));
    }

    /** CSI's summary line of a failed advanced installer (public real-excerpts corpus, case 43): its code has no "0x". */
    @Test
    void aFailedAdvancedInstallerGivesItsOwnCodeAndBinary() throws Exception {
        Scanned s = Scanned.fixture("cbs/fragments-quoted-without-time.log");

        assertThat(s.facts(EventKind.ERROR_CODE))
                .filteredOn(f -> "NetSetupAI.dll".equals(f.get(Fact.FILE)))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(
                                entry(Fact.CODE, "0x800106D9"),
                                entry(Fact.DETAIL, "advanced installer Network Drivers")));
        assertThat(s.of(EventKind.ERROR_CODE))
                .filteredOn(e -> e.source().line() == 19L)
                .extracting(e -> e.facts().get(Fact.CODE))
                .containsExactlyInAnyOrder("0x800106D9", "0x80004005");
        // "Mode: Delta" is how the installer ran, not a delta that failed.
        assertThat(s.of(EventKind.DELTA_FAILURE)).isEmpty();
    }

    /**
     * Microsoft's 0x800f0831 article quotes CBS's lines with no column at all (g02 in eval/real-excerpts-team): CBS's
     * way of stating a result ("[HRESULT = 0x… - …]") tells them, at level Info as CBS writes most of them.
     */
    @Test
    void aLineQuotedWithoutAnyColumnIsReadByItsHresult() throws Exception {
        Scanned s = Scanned.fixture("cbs/quoted-without-any-column.log");

        assertThat(s.format()).isEqualTo("cbs-log");
        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .extracting(
                        f -> f.get(Fact.CODE),
                        f -> f.get(Fact.OPERATION),
                        f -> f.get(Fact.SOURCE),
                        f -> f.get(Fact.LEVEL))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "0x80073701", "pin deployment while resolving Update", "CBS", null),
                        org.assertj.core.groups.Tuple.tuple("0x800F0831", "resolve package", "CBS", null));
    }

    /** In a log, an unstamped line with a result continues the stamped one before it, whose level and source it has. */
    @Test
    void anUnstampedLineInALogContinuesTheLineBeforeIt() {
        ServicingLine stamped = ServicingLine.parse(
                "2023-05-23 10:36:05, Error                 CSI    00000009 (F) Hydration failed", null);
        ServicingLine next = ServicingLine.parse(
                "Failed to resolve package 'X' [HRESULT = 0x800f0831 - CBS_E_STORE_CORRUPTION]", stamped);

        assertThat(next.columned()).isFalse();
        assertThat(next.level()).isEqualTo("Error");
        assertThat(next.source()).isEqualTo("CSI");
    }

    /**
     * The summary of a ScanHealth that found ten corruptions (i06 in eval/real-excerpts-team): "Not all CSI corruption
     * was fixed" is no repair, and what a check that only detects found makes the store repairable.
     */
    @Test
    void notAllCorruptionFixedIsNoRepairAndWhatADetectionFoundIsRepairable() throws Exception {
        Scanned s = Scanned.fixture("cbs/scanhealth-found-ten-not-all-fixed.log");

        assertThat(s.facts(EventKind.STORE_HEALTH))
                .extracting(f -> f.get(Fact.HEALTH), f -> f.get(Fact.RESULT))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("repairable", null));
    }

    /**
     * Setup's setupact.log (i01 in eval/real-excerpts-team): "[62405] MB" free is 62,405 MiB, a desired or a share is no
     * amount free, "not low on disk space" is no shortage, "system32" holds no number of bytes; and Setup's result
     * names the code that failed and the one it reports.
     */
    @Test
    void setupsDiskSpaceLinesAndItsResult() throws Exception {
        Scanned s = Scanned.fixture("cbs/setup-disk-space-and-result.log");

        assertThat(s.facts(EventKind.DISK_SPACE))
                .extracting(f -> f.get(Fact.FREE_BYTES), f -> f.get(Fact.RESULT))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Long.toString(62405L << 20), null),
                        org.assertj.core.groups.Tuple.tuple(null, null),
                        org.assertj.core.groups.Tuple.tuple(null, null),
                        org.assertj.core.groups.Tuple.tuple(null, null),
                        org.assertj.core.groups.Tuple.tuple(null, null));
        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .extracting(f -> f.get(Fact.CODE), f -> f.get(Fact.OPERATION), f -> f.get(Fact.DETAIL))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "0x80070032", ServicingLogAnalysis.SETUP_RESULT_OPERATION, "0xC1900108"));
    }

    /**
     * Setup that ran out of space remaps ERROR_DISK_FULL to 0xC19001DF with "Remapping disk full error" rather than
     * "Remapping install error" (w02 in eval/real-excerpts-team, lines at level Info): the same result, the code that
     * failed and the one Setup reports.
     */
    @Test
    void setupsDiskFullRemapIsItsResult() throws Exception {
        Scanned s = Scanned.fixture("cbs/setup-disk-full-remapped.log");

        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .extracting(f -> f.get(Fact.CODE), f -> f.get(Fact.OPERATION), f -> f.get(Fact.DETAIL))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "0x80070070", ServicingLogAnalysis.SETUP_RESULT_OPERATION, "0xC19001DF"));
    }

    /** CSI's "Failed in StartService for … with error code 2[gle=0x80004005]": the service and its Win32 code (g11). */
    @Test
    void aServiceAnInstallerCouldNotStartIsNamedWithItsOwnCode() throws Exception {
        Scanned s = Scanned.fixture("cbs/advanced-installer-cannot-start-service.log");

        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .extracting(f -> f.get(Fact.OPERATION), f -> f.get(Fact.CODE))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "start service clr_optimization_v4.0.30319_32", "0x80070002"));
    }

    /**
     * Every RestoreHealth ends with "All CSI corruption was fixed", also one that found nothing (b02 in
     * eval/real-excerpts-team): healthy, and no repair.
     */
    @Test
    void allCorruptionFixedAfterNoneWasFoundIsNoRepair() throws Exception {
        Scanned s = Scanned.fixture("cbs/restorehealth-found-nothing-all-fixed.log");

        assertThat(s.facts(EventKind.STORE_HEALTH))
                .extracting(f -> f.get(Fact.HEALTH), f -> f.get(Fact.RESULT))
                .containsOnly(org.assertj.core.groups.Tuple.tuple("healthy", null));
    }

    /** Setup's "MigChoice: Selected install choice is not available." states 0xC1900204 without its code (c06). */
    @Test
    void setupsMigrationChoiceWithoutACodeIsItsResult() throws Exception {
        Scanned s = Scanned.fixture("cbs/setup-migration-choice-not-available.log");

        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .extracting(f -> f.get(Fact.CODE), f -> f.get(Fact.SOURCE))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0xC1900204", "MOUPG"));
    }

    /** A file found missing while CBS stages a package is that package's, with its file (a10, IE11 on Windows 7). */
    @Test
    void aFileMissingWhileAPackageIsStagedIsThatPackages() throws Exception {
        Scanned s = Scanned.fixture("cbs/file-missing-while-staging.log");

        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .filteredOn(f -> "find file".equals(f.get(Fact.OPERATION)))
                .extracting(f -> f.get(Fact.FILE), f -> f.get(Fact.KB))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("vbscript.dll", "KB2706045"));
    }

    /**
     * Setup's own lines leave the source column blank ("Error" and 24 blanks, then the text), and Setup past its point
     * of no return (rollback disabled, WinDeploy ended with 0) is a successful run of Windows Setup (m01, m05).
     */
    @Test
    void setupsLinesWithABlankSourceAndItsCompletion() throws Exception {
        Scanned s = Scanned.fixture("cbs/setup-blank-source-and-completion.log");

        assertThat(s.facts(EventKind.BENIGN_LINE))
                .extracting(f -> f.get(Fact.BENIGN))
                .containsExactly("windows-old-cleanup");
        assertThat(s.facts(EventKind.TOOL_RUN))
                .extracting(f -> f.get(Fact.OPERATION), f -> f.get(Fact.RESULT), f -> f.get(Fact.DETAIL))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Windows Setup", "success", "committed"),
                        org.assertj.core.groups.Tuple.tuple("Windows Setup", "success", "deployed"));
    }

    /** What a session staged is not what a later session finds missing: the package is forgotten at a session line. */
    @Test
    void aStagedPackageIsForgottenAtTheNextSession() throws Exception {
        Scanned s = Scanned.fixture("cbs/staged-package-forgotten-at-the-next-session.log");

        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .filteredOn(f -> "find file".equals(f.get(Fact.OPERATION)))
                .extracting(f -> f.get(Fact.FILE), f -> f.get(Fact.PACKAGE))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("vbscript.dll", null));
    }

    /** A Setup log whose lines all leave the source column blank is still a servicing log, read with its levels. */
    @Test
    void aSetupLogOfBlankSourceLinesIsRead() throws Exception {
        Scanned s = Scanned.fixture("cbs/setup-lines-all-with-a-blank-source.log");

        assertThat(s.format()).isEqualTo("cbs-log");
        assertThat(s.facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE), f -> f.get(Fact.LEVEL))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0x80070005", "Error"));
    }

    /**
     * CBS's watchdog after the restart (g05 in eval/real-excerpts-team): the hang and the rollback it caused are one
     * failure, CBS_E_HANG_DETECTED; its routine "Clearing HangDetect value" is none.
     */
    @Test
    void aHangFoundAtStartupIsAFailedHangDetection() throws Exception {
        Scanned s = Scanned.fixture("cbs/startup-possible-hang-rolled-back-0x800f0920.log");

        assertThat(s.of(EventKind.FAILED_OPERATION))
                .filteredOn(e -> "hang detection".equals(e.facts().get(Fact.OPERATION)))
                .extracting(
                        e -> e.source().line(),
                        e -> e.facts().get(Fact.CODE),
                        e -> e.facts().get(Fact.PHASE))
                .containsExactly(tuple(3L, "0x800F0920", "startup"), tuple(6L, "0x800F0920", "startup"));
    }

    /**
     * What a healthy server writes day after day (q04 in eval/real-excerpts-team, Server 2022): DISM's package provider
     * asking for the Defender definitions as an internal update (0x800f080c) and idle maintenance reading its
     * OneSettings switches (0x83750009), both at Info. Read as failures, each daily query was a failed servicing round
     * and the machine's latest, above a real failure laid after such a history (FailuresAfterMachineHistoryTest).
     */
    @Test
    void aHealthyServersDailyQueriesAndIdleMaintenanceAreNoFailure() throws Exception {
        Scanned s = Scanned.fixture("cbs/daily-dism-query-and-idle-maintenance-probes.log");

        assertThat(s.facts(EventKind.BENIGN_LINE))
                .extracting(f -> f.get(Fact.BENIGN))
                .containsExactly(
                        "defender-definitions-update-query",
                        "auto-repair-needed",
                        "onesettings-value-absent",
                        "onesettings-value-absent");
        assertThat(s.of(EventKind.ERROR_CODE)).isEmpty();
        assertThat(s.of(EventKind.FAILED_OPERATION)).isEmpty();
        DiagnosisReport report =
                Diagnosis.analyze(Scanned.resourcePath("cbs/daily-dism-query-and-idle-maintenance-probes.log"));
        assertThat(report.rounds().rounds()).noneMatch(r -> "failure".equals(r.result()));
        assertThat(report.allFindings()).isEmpty();
    }

    /**
     * CBS's applicability checks restate the state of each parent package while evaluating another (o01 in
     * eval/real-excerpts-team: 246 such lines in two days of routine scans). The states stay facts for the rules; the
     * timeline tells what happened, so a history of such scans before a failure does not fill it (f11 after o01 listed
     * NetFx3's restated state among a Developer Mode failure's entries).
     */
    @Test
    void applicabilityChecksStateParentsButAreNoTimelineEntries() throws Exception {
        Scanned s = Scanned.fixture("cbs/applicability-checks-restate-parent-states.log");

        assertThat(s.facts(EventKind.PACKAGE_STATE))
                .hasSize(7)
                .allSatisfy(f -> assertThat(f.get(Fact.OPERATION)).isEqualTo(Event.APPLICABILITY_CHECK))
                .extracting(f -> f.get(Fact.STATE))
                .contains("Installed", "Superseded");
        DiagnosisReport report =
                Diagnosis.analyze(Scanned.resourcePath("cbs/applicability-checks-restate-parent-states.log"));
        assertThat(report.timeline()).extracting(e -> e.kind()).containsExactly("SESSION");
    }

    /**
     * CBS.log as Microsoft Learn quotes it, without columns (u09 in eval/real-excerpts-team): lines that begin as CBS's
     * own ("SQM: ", "TI: ", "Exec: ") are servicing lines, so a role turned off and its package's failed change are
     * read; the telemetry datapoints after every change are benign.
     */
    @Test
    void cbsLinesQuotedWithoutColumnsAreReadAsTheLog() throws Exception {
        Scanned s = Scanned.fixture("cbs/quoted-without-columns-role-removal-0x800f0922.log");

        assertThat(s.of(EventKind.PACKAGE_STATE))
                .filteredOn(e -> "turning off".equals(e.facts().get(Fact.DETAIL)))
                .extracting(e -> e.facts().get(Fact.FEATURE), e -> e.facts().get(Fact.FROM_STATE))
                .containsExactly(
                        tuple("Microsoft-Windows-Deployment-Services", "Installed"),
                        tuple("Microsoft-Windows-Deployment-Services-Transport-Server", "Installed"));
        assertThat(s.of(EventKind.PACKAGE_STATE))
                .filteredOn(e -> "failure".equals(e.facts().get(Fact.RESULT)))
                .extracting(e -> e.source().line(), e -> e.facts().get(Fact.CODE))
                .containsExactly(tuple(15L, "0x800F0922"), tuple(28L, "0x800F0922"));
        assertThat(s.of(EventKind.ERROR_CODE))
                .extracting(e -> e.facts().get(Fact.CODE))
                .containsOnly("0x800F0922");
    }

    /**
     * Setup's log as a blog post quoted its end (c04 in eval/real-excerpts-team): the driver migration's last driver,
     * two minutes of nothing, then the user's cancel. The cancel names the driver Setup stopped at and its INF.
     */
    @Test
    void aCancelAfterTheDriverMigrationStoppedNamesTheDriver() throws Exception {
        Scanned s = Scanned.fixture("cbs/setupact-driver-migration-stalled-then-cancelled.log");

        assertThat(s.of(EventKind.FAILED_OPERATION))
                .filteredOn(
                        e -> "upgrade cancelled by the user".equals(e.facts().get(Fact.OPERATION)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.facts().get(Fact.PHASE)).isEqualTo("driver migration");
                    assertThat(e.facts().get(Fact.DETAIL)).isEqualTo("HP Dock Audio, Synaptics, Synaptics");
                    assertThat(e.facts().get(Fact.FILE)).isEqualTo("oem26.inf");
                    assertThat(e.facts().get(Fact.CODE)).isEqualTo("0x800704D3");
                });
    }

    /**
     * The end of a real driver migration (m02 in eval/real-excerpts-team: the last driver, then "Entering
     * AddPnPLockDownFiles()", Setup's next step), followed by c04's cancel lines re-timed six minutes later: Setup went
     * on after the driver, so the cancel names no driver.
     */
    @Test
    void aCancelAfterTheMigrationWentOnNamesNoDriver() throws Exception {
        Scanned s = Scanned.fixture("cbs/setupact-driver-migration-went-on-then-cancelled.log");

        assertThat(s.of(EventKind.FAILED_OPERATION))
                .filteredOn(
                        e -> "upgrade cancelled by the user".equals(e.facts().get(Fact.OPERATION)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.facts().get(Fact.PHASE)).isNull();
                    assertThat(e.facts().get(Fact.DETAIL)).isNull();
                });
    }

    /**
     * Vista's SFC stopped where CSI could not open a component's folder of the store (x02 in eval/real-excerpts-team):
     * an Error line that a payload is missing, named by its folder.
     */
    @Test
    void csisErrorThatAComponentFolderOfTheStoreIsNotThereIsAMissingPayload() throws Exception {
        Scanned s = Scanned.fixture("cbs/vista-sfc-winsxs-component-folder-not-found.log");

        assertThat(s.facts(EventKind.STORE_CORRUPTION))
                .extracting(f -> f.get(Fact.DETAIL), f -> f.get(Fact.COMPONENT))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "payload missing",
                                "x86_microsoft-windows-i..l-keyboard-0000420_31bf3856ad364e35_6.0.6000.16386_none_e499ad916795d771"));
    }

    /**
     * w08's Setup run that the user cancelled, then the first 60 lines of m04's rollback re-dated a week later (a
     * rollback's own process: "SP Initiating rollback/uninstall, phase = 0"): the rollback is a run of its own, so the
     * cancel settles none of its lines.
     */
    @Test
    void aRollbackAWeekAfterTheUsersCancelIsASetupRunOfItsOwn() throws Exception {
        Scanned s = Scanned.fixture("cbs/setupact-user-cancel-then-a-rollback-run-a-week-later.log");

        Event cancel = s.of(EventKind.FAILED_OPERATION).stream()
                .filter(e -> "upgrade cancelled by the user".equals(e.facts().get(Fact.OPERATION)))
                .findFirst()
                .orElseThrow();
        assertThat(cancel.facts().get(Fact.SESSION)).isEqualTo("setup@1");
        assertThat(s.events())
                .filteredOn(e -> e.source().line() > 399)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.facts().get(Fact.SESSION)).isEqualTo("setup@400"));
    }
}
