package com.patchdesk.diagnosis.read;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class WindowsUpdateLogReaderTest {

    @Test
    void scanDownloadAndInstallStepsWithTheirOutcomes() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/download-failed-0x80248007.log");

        assertThat(s.format()).isEqualTo("windows-update-log");
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.PHASE), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(
                        Tuple.tuple("scan", "success", null),
                        Tuple.tuple("download", "failure", "0x80248007"),
                        Tuple.tuple("download", "failure", "0x80248007"),
                        Tuple.tuple("install", "failure", "0x80070490"),
                        Tuple.tuple("install", "failure", "0x80070490"));
    }

    @Test
    void theDownloadFailureIsTiedToTheUpdateTitledOnItsThread() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/download-failed-0x80248007.log");

        Event download = s.of(EventKind.UPDATE_ATTEMPT).get(1);
        assertThat(download.facts())
                .containsEntry(Fact.KB, "KB5032196")
                .containsEntry(Fact.TITLE, "2023-11 Cumulative Update for Windows 10 Version 1809 for x64-based Systems (KB5032196)")
                .containsEntry(Fact.SOURCE, "DownloadManager");
        assertThat(download.source().line()).isEqualTo(6);
        assertThat(download.time()).isEqualTo(LocalDateTime.of(2023, 12, 28, 14, 21, 47));
    }

    @Test
    void everyFailureCodeOnALineIsAlsoAnErrorCodeEventButSuccessIsNot() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/download-failed-0x80248007.log");

        assertThat(s.of(EventKind.ERROR_CODE))
                .extracting(e -> e.source().line(), e -> e.facts().get(Fact.CODE), e -> e.facts().get(Fact.SOURCE))
                .containsExactly(
                        Tuple.tuple(6L, "0x80248007", "DownloadManager"),
                        Tuple.tuple(7L, "0x80248007", "ComApi"),
                        Tuple.tuple(9L, "0x80070490", "Handler"),
                        Tuple.tuple(10L, "0x80070490", "Agent"));
    }
}
