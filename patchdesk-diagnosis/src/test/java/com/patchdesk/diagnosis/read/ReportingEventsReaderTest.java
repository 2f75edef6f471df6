package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ReportingEventsReaderTest {

    @Test
    void eachRecordIsAnUpdateAttemptWithPhaseOutcomeCodeAndUpdate() throws Exception {
        Scanned s = Scanned.fixture("reporting-events/install-failed-0x80070490.log");

        assertThat(s.format()).isEqualTo("reporting-events-log");
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.PHASE), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE), f -> f.get(Fact.KB))
                .containsExactly(
                        Tuple.tuple("download", "failure", "0x80248007", null),
                        Tuple.tuple("install", "failure", "0x80070490", "KB5032196"),
                        Tuple.tuple("install", "success", null, "KB5033371"));
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT).get(1))
                .contains(
                        entry(
                                Fact.TITLE,
                                "2023-11 Cumulative Update for Windows 10 Version 1809 for x64-based Systems (KB5032196)"),
                        entry(Fact.CLIENT, "UpdateOrchestrator"),
                        entry(Fact.DETAIL, "182 [AGENT_INSTALLING_FAILED]"));
    }

    @Test
    void aChineseLocalizedLogInUtf16IsReadToo() throws Exception {
        Scanned s = Scanned.fixture("reporting-events/install-failed.zh-CN.utf16le-bom.log");

        assertThat(s.encoding()).isEqualTo("UTF-16LE");
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .contains(
                                entry(Fact.PHASE, "install"),
                                entry(Fact.RESULT, "failure"),
                                entry(Fact.CODE, "0x80070490"),
                                entry(Fact.KB, "KB5032196"),
                                entry(Fact.TITLE, "2023-11 适用于基于 x64 的系统的 Windows 10 Version 1809 累积更新(KB5032196)")));
    }

    @Test
    void aFailedRecordsCodeIsAlsoAnErrorCodeEvent() throws Exception {
        Scanned s = Scanned.fixture("reporting-events/install-failed-0x80070490.log");

        assertThat(s.of(EventKind.ERROR_CODE))
                .extracting(e -> e.source().line(), e -> e.facts().get(Fact.CODE))
                .containsExactly(Tuple.tuple(1L, "0x80248007"), Tuple.tuple(2L, "0x80070490"));
    }
}
