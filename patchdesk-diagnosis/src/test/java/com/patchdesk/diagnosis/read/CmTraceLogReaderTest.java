package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** Configuration Manager's client logs in CMTrace's layout, from a real client (v01 in eval/real-excerpts-team). */
class CmTraceLogReaderTest {

    @Test
    void theScansAgainstTheSoftwareUpdatePointAreUpdateAttemptsOfConfigMgr() throws Exception {
        Scanned s = Scanned.fixture("cmtrace/wuahandler-three-scans-completed.log");

        assertThat(s.format()).isEqualTo("cmtrace-log");
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.facts())
                        .containsEntry(Fact.PHASE, "scan")
                        .containsEntry(Fact.RESULT, "success")
                        .containsEntry(Fact.CLIENT, CmTraceLogReader.CLIENT)
                        .containsEntry(Fact.SOURCE, "WUAHandler"));
        assertThat(s.of(EventKind.UPDATE_ATTEMPT).get(0).time()).isEqualTo(LocalDateTime.of(2021, 7, 14, 8, 53, 44));
        assertThat(s.of(EventKind.UPDATE_ATTEMPT).get(0).source().line()).isEqualTo(12);
    }

    /** The client's routine look-ups write type-3 entries followed by their success: listed, not failures. */
    @Test
    void anErrorEntryWithACodeIsListedWithoutALevel() throws Exception {
        Scanned s = Scanned.fixture("cmtrace/updatesstore-resync-error-then-success.log");

        assertThat(s.facts(EventKind.ERROR_CODE))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f).doesNotContainKey(Fact.LEVEL))
                .anySatisfy(f -> assertThat(f).containsEntry(Fact.CODE, "0x87D00310"));
    }

    /**
     * The client's messages as an article quotes them, without CMTrace's layout (v04 in eval/real-excerpts-team): each
     * line a message of the component that writes it, with no time.
     */
    @Test
    void messagesQuotedWithoutTheLayoutAreTheClientsSteps() throws Exception {
        Scanned s = Scanned.fixture("cmtrace/quoted-wuahandler-group-policy-overrides-update-source-0x87d00692.log");

        assertThat(s.format()).isEqualTo("cmtrace-log");
        assertThat(s.of(EventKind.UPDATE_ATTEMPT)).singleElement().satisfies(e -> {
            assertThat(e.facts())
                    .containsEntry(Fact.PHASE, "scan")
                    .containsEntry(Fact.RESULT, "failure")
                    .containsEntry(Fact.CODE, "0x87D00692")
                    .containsEntry(Fact.CLIENT, CmTraceLogReader.CLIENT)
                    .containsEntry(Fact.SOURCE, "WUAHandler")
                    .doesNotContainKey(Fact.LEVEL);
            assertThat(e.time()).isNull();
            assertThat(e.source().line()).isEqualTo(2);
        });
    }

    /** UpdatesHandler's batch install told by each of its layers; the Markdown line breaks (a final backslash) are left out. */
    @Test
    void aBatchInstallThatFailedIsAnInstallOfConfigMgr() throws Exception {
        Scanned s = Scanned.fixture("cmtrace/quoted-updateshandler-batch-install-failed-0x800b0101.log");

        assertThat(s.format()).isEqualTo("cmtrace-log");
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .hasSize(3)
                .allSatisfy(f -> assertThat(f)
                        .containsEntry(Fact.PHASE, "install")
                        .containsEntry(Fact.RESULT, "failure")
                        .containsEntry(Fact.CODE, "0x800B0101")
                        .containsEntry(Fact.SOURCE, "UpdatesHandler"));
    }

    /** One of the client's messages in a person's note does not make the note the client's log. */
    @Test
    void aNoteThatQuotesOneMessageIsNotTheClientsLog() throws Exception {
        Scanned s = Scanned.fixture("cmtrace/note-quoting-one-client-message.txt");

        assertThat(s.format()).isNotEqualTo("cmtrace-log");
    }
}
