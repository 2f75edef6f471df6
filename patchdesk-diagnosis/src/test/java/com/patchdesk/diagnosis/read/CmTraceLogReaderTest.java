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
}
