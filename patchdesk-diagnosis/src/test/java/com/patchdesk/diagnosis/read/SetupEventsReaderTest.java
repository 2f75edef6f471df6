package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.LocalDateTime;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class SetupEventsReaderTest {

    /**
     * Event Viewer rows as Microsoft's article on 0x80070490/0x8e5e03fa publishes them (public real-excerpts corpus,
     * case 07): servicing events 1 and 3 for two packages, then WUSA's failure with a decimal HRESULT.
     */
    @Test
    void eventViewerRowsGiveStateChangesAttemptsAndTheDecimalWusaErrorAsAnHresult() throws Exception {
        Scanned s = Scanned.fixture("setup-events/rollup-failed-0x8e5e03fa.event-viewer-rows.txt");

        assertThat(s.format()).isEqualTo("setup-events");
        assertThat(s.facts(EventKind.PACKAGE_STATE))
                .extracting(
                        f -> f.get(Fact.KB),
                        f -> f.get(Fact.STATE),
                        f -> f.get(Fact.TARGET_STATE),
                        f -> f.get(Fact.RESULT),
                        f -> f.get(Fact.CODE),
                        f -> f.get(Fact.CLIENT))
                .containsExactly(
                        Tuple.tuple("KB5004122", "Resolved", "Installed", null, null, "WindowsUpdateAgent"),
                        Tuple.tuple("KB5004122", null, "Installed", "failure", "0x8E5E03FA", null),
                        Tuple.tuple("KB5004298", "Resolved", "Installed", null, null, "WindowsUpdateAgent"),
                        Tuple.tuple("KB5004298", null, "Installed", "failure", "0x8E5E03FA", null));
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.PHASE), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(
                        Tuple.tuple("KB5004122", "install", "failure", "0x8E5E03FA"),
                        Tuple.tuple("KB5004298", "install", "failure", "0x8E5E03FA"),
                        Tuple.tuple("KB5004298", "install", "failure", "0x8E5E03FA"));
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT).get(2))
                .containsEntry(Fact.TITLE, "Security Update for Windows (KB5004298)");
        assertThat(s.facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE))
                .containsOnly("0x8E5E03FA")
                .hasSize(3);
        assertThat(s.events()).allSatisfy(e -> assertThat(e.time()).isNull());
    }

    @Test
    void wevtutilTextRecordsTakeTheirTimeFromTheRecordAndFormatListMessagesAreRead() throws Exception {
        Scanned s = Scanned.fixture("setup-events/wevtutil-text-lcu-failed-0x800f0922.txt");

        assertThat(s.format()).isEqualTo("setup-events");
        assertThat(s.of(EventKind.PACKAGE_STATE))
                .extracting(e -> e.time(), e -> e.facts().get(Fact.RESULT))
                .containsExactly(
                        Tuple.tuple(LocalDateTime.of(2023, 12, 12, 10, 2, 11), null),
                        Tuple.tuple(LocalDateTime.of(2023, 12, 12, 10, 14, 52), "failure"));
        assertThat(s.facts(EventKind.PACKAGE_STATE).get(1))
                .contains(entry(Fact.CODE, "0x800F0922"), entry(Fact.KB, "KB5033372"));
        assertThat(s.facts(EventKind.REBOOT_PENDING))
                .singleElement()
                .satisfies(f ->
                        assertThat(f).contains(entry(Fact.KB, "KB5032907"), entry(Fact.TARGET_STATE, "Installed")));
        assertThat(s.of(EventKind.UPDATE_ATTEMPT)).last().satisfies(e -> {
            assertThat(e.facts())
                    .contains(
                            entry(Fact.KB, "KB5033372"),
                            entry(Fact.RESULT, "failure"),
                            entry(Fact.CODE, "0x800F0922"),
                            entry(Fact.PHASE, "install"));
            assertThat(e.time()).isNull();
        });
    }

    /**
     * Setup's rollback event logs as Microsoft Learn's "Troubleshoot 'Shutdown in Progress' Windows error 0x8007045b"
     * prints them (u13 in eval/real-excerpts-team, the article's placeholders for date and machine): User32 1074 names
     * the program that restarted the machine during the upgrade; the log service stopping with it says nothing.
     */
    @Test
    void aRestartStartedByAProgramIsAToolRunOfThatProgramWithItsReason() throws Exception {
        Scanned s = Scanned.fixture("setup-events/rollback-evtlogs-third-party-agent-restarted-the-upgrade.txt");

        assertThat(s.format()).isEqualTo("setup-events");
        assertThat(s.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.TOOL_RUN);
            assertThat(e.source().line()).isEqualTo(3);
            assertThat(e.facts())
                    .containsEntry(Fact.OPERATION, "restart")
                    .containsEntry(Fact.FILE, "mgmtagnt.exe")
                    .containsEntry(
                            Fact.DETAIL, "c:\\program files (x86)\\netinst\\mgmtagnt.exe, reason: Other (Unplanned)")
                    .doesNotContainKey(Fact.RESULT);
        });
    }
}
