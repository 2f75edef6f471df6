package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class DismLogReaderTest {

    @Test
    void restoreHealthWithoutASourceIsACommandAFailedOperationAndACode() throws Exception {
        Scanned s = Scanned.fixture("dism-log/restorehealth-source-not-found-0x800f081f.log");

        assertThat(s.format()).isEqualTo("dism-log");
        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(
                                entry(Fact.OPERATION, "/RestoreHealth"),
                                entry(Fact.RESULT, "started"),
                                entry(Fact.DETAIL, "Dism  /online /cleanup-image /restorehealth")));
        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .extracting(f -> f.get(Fact.OPERATION), f -> f.get(Fact.CODE))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "processing package changes with session options", "0x800F081F"),
                        org.assertj.core.groups.Tuple.tuple("restore the image health", "0x800F081F"));
        assertThat(s.of(EventKind.ERROR_CODE))
                .extracting(e -> e.source().line())
                .containsExactly(10L, 11L);
    }

    /**
     * A real Windows 11 machine (14 in the shared corpus): /RestoreHealth given a WIM source with /LimitAccess fails
     * 0x800F081F. The command is a round from its command line to its closed image session, and its end tells that a
     * command given a source failed anyway, with that source (what given-source-lacks-files needs).
     */
    @Test
    void aCommandIsARoundToItsClosedSessionAndItsGivenSourceIsToldWhenItFails() throws Exception {
        Scanned s = Scanned.fixture("dism-log/restorehealth-given-a-wim-source-that-lacks-the-files-0x800f081f.log");

        assertThat(s.facts(EventKind.SESSION))
                .extracting(f -> f.get(Fact.DETAIL), f -> f.get(Fact.CLIENT), f -> f.get(Fact.OPERATION))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("initialized", "command", "/RestoreHealth"),
                        org.assertj.core.groups.Tuple.tuple("finalized", null, null));
        assertThat(s.facts(EventKind.TOOL_RUN))
                .filteredOn(f -> "failure".equals(f.get(Fact.RESULT)))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(
                                entry(Fact.OPERATION, "/RestoreHealth"),
                                entry(Fact.CODE, "0x800F081F"),
                                entry(Fact.PAYLOAD_SOURCE, "I:\\sources\\install.wim /LimitAccess")));
    }

    /** A command that failed without a source is told by its own lines alone: no command failure is made up. */
    @Test
    void aCommandWithoutASourceTellsNoGivenSource() throws Exception {
        Scanned s = Scanned.fixture("dism-log/restorehealth-source-not-found-0x800f081f.log");

        assertThat(s.facts(EventKind.TOOL_RUN)).noneMatch(f -> f.containsKey(Fact.PAYLOAD_SOURCE));
    }

    @Test
    void theTargetImageVersionIsTheOsBuildButTheHostsThreePartVersionIsNot() throws Exception {
        Scanned s = Scanned.fixture("dism-log/restorehealth-source-not-found-0x800f081f.log");

        assertThat(s.of(EventKind.OS_BUILD)).singleElement().satisfies(e -> {
            assertThat(e.facts()).containsEntry(Fact.OS_BUILD, "17763.774");
            assertThat(e.source().line()).isEqualTo(6);
        });
    }

    @Test
    void aRepairRunThatRepairedNothingLeavesTheStoreNotRepairable() throws Exception {
        Scanned s = Scanned.fixture("dism-log/restorehealth-source-not-found-0x800f081f.log");

        assertThat(s.facts(EventKind.STORE_CORRUPTION)).hasSize(1);
        assertThat(s.facts(EventKind.STORE_HEALTH))
                .singleElement()
                .satisfies(f -> assertThat(f).containsEntry(Fact.HEALTH, "not-repairable"));
    }

    /**
     * A dism.log posted with its times replaced by a placeholder (f05 in eval/real-excerpts-team): DISM's result suffix
     * "(hr:0x8…)" and "- GetCbsErrorMsg" tell its lines, at level Error, DISM's.
     */
    @Test
    void linesWhoseTimeWasReplacedByAPlaceholderAreRead() throws Exception {
        Scanned s = Scanned.fixture("dism-log/quoted-with-a-timestamp-placeholder.log");

        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .extracting(f -> f.get(Fact.CODE), f -> f.get(Fact.OPERATION), f -> f.get(Fact.LEVEL))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("0x800F0806", "finalizing changes", "Error"),
                        org.assertj.core.groups.Tuple.tuple("0x800F0806", "processing package changes", "Error"),
                        org.assertj.core.groups.Tuple.tuple("0x800F0806", "start component cleanup", "Error"));
    }

    /** A line after a stamped one continues it, whatever result it names: its level stays the stamped line's. */
    @Test
    void anIndentedResultAfterAStampedLineContinuesIt() throws Exception {
        Scanned s = Scanned.fixture("dism-log/continuation-with-a-result-after-a-stamped-line.log");

        assertThat(s.facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE), f -> f.get(Fact.LEVEL))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0x800F0806", null));
    }

    /**
     * DismApi calls of a Windows 11 24H2 dism.log (n05 in eval/real-excerpts-team): a disable of a feature whose host
     * went away (0x80010108), the query after it, the disable done again and DISM reading the feature as removed, and a
     * query of a feature this Windows does not have (0x800F080C). Each failure is told with its call.
     */
    @Test
    void aDismApiCallsFailuresCarryTheCallAQueryIsAQueryAndADisableItsFeatureAndTarget() throws Exception {
        Scanned s = Scanned.fixture(
                "dism-log/dismapi-disable-feature-lost-its-host-then-done-again-and-a-query-of-an-absent-feature.log");

        // The disable's lines, also the host's (another PID), name the feature and the state it was for.
        assertThat(s.of(EventKind.ERROR_CODE))
                .filteredOn(e -> "0x80010108".equals(e.facts().get(Fact.CODE)))
                .hasSize(6)
                .allSatisfy(e -> assertThat(e.facts())
                        .containsEntry(Fact.FEATURE, "Recall")
                        .containsEntry(Fact.TARGET_STATE, "Removed")
                        .doesNotContainKey(Fact.PHASE));
        // The queries' failures are a query's, whatever their code.
        assertThat(s.of(EventKind.ERROR_CODE))
                .filteredOn(e -> !"0x80010108".equals(e.facts().get(Fact.CODE)))
                .isNotEmpty()
                .allSatisfy(e ->
                        assertThat(e.facts()).containsEntry(Fact.PHASE, "query").doesNotContainKey(Fact.TARGET_STATE));
        assertThat(s.facts(EventKind.PACKAGE_STATE))
                .singleElement()
                .satisfies(
                        f -> assertThat(f).containsEntry(Fact.FEATURE, "Recall").containsEntry(Fact.STATE, "Removed"));
    }

    /**
     * HP's SoftPaq provisioning an older Intel Optane app than the one provisioned (o10 in eval/real-excerpts-team): the
     * Appx provider says so, and the command's failures after it are that refusal.
     */
    @Test
    void appxProvisioningRefusedForAnEqualOrHigherVersionTellsTheFailuresAfterIt() throws Exception {
        Scanned s = Scanned.fixture(
                "dism-log/appx-provisioning-of-an-older-version-than-the-one-provisioned-0xc1570118.log");

        assertThat(s.of(EventKind.ERROR_CODE))
                .extracting(e -> e.facts().get(Fact.CODE))
                .containsExactly("0x800700B7", "0xC1570118", "0xC1570118");
        assertThat(s.of(EventKind.ERROR_CODE))
                .allSatisfy(e -> assertThat(e.facts()).containsEntry(Fact.PHASE, "already provisioned"));
    }
}
