package com.patchdesk.diagnosis.read;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogFormatsTest {

    @Test
    void aCbsLogWithSomeDismLinesIsStillACbsLogAndADismLogIsADismLog() {
        String cbs = """
                2024-01-04 15:40:01, Info                  CBS    Session: 31079012_2207713302 initialized by client DISM Package Manager Provider
                2024-01-04 15:40:01, Info                  DISM   DISM Provider Store: PID=6120 TID=5412 Getting the collection of providers
                2024-01-04 15:40:02, Info                  CSI    00000001 CSI Store 4991456 (0x00000000004c29e0) initialized
                """;
        String dism = """
                2024-01-04 15:40:01, Info                  DISM   DISM.EXE: <----- Starting Dism.exe session ----->
                2024-01-04 15:40:01, Info                  DISM   DISM.EXE: Executing command line: Dism /online /cleanup-image /checkhealth
                2024-01-04 15:40:02, Info                  CBS    Session: 31079012_2207713302 initialized by client DISM Package Manager Provider
                """;

        assertThat(LogFormats.recognise(cbs)).map(LogReader::format).hasValue("cbs-log");
        assertThat(LogFormats.recognise(dism)).map(LogReader::format).hasValue("dism-log");
    }

    @Test
    void bothWindowsUpdateLogLayoutsAreRecognised() {
        String modern = "2023/12/28 14:02:11.4180012 1204  7716  Agent           * START * Finding updates\n";
        String legacy = "2016-09-28\t04:30:31:123\t 996\t c4c\tAgent\t*************\n";

        assertThat(LogFormats.recognise(modern)).map(LogReader::format).hasValue("windows-update-log");
        assertThat(LogFormats.recognise(legacy)).map(LogReader::format).hasValue("windows-update-log");
    }

    @Test
    void proseThatMerelyMentionsLogsIsNotALog() {
        assertThat(LogFormats.recognise("Please find CBS.log attached. The update KB5032196 failed with 0x80070490.\n"))
                .isEmpty();
        assertThat(LogFormats.recognise("")).isEmpty();
    }

    @Test
    void everyRegisteredReaderHasItsOwnFormatAndPriorityAndTheListIsHighestFirst() {
        assertThat(LogFormats.READERS).extracting(LogReader::format).doesNotHaveDuplicates();
        assertThat(LogFormats.READERS).extracting(LogReader::priority).doesNotHaveDuplicates()
                .isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    }

    @Test
    void whereTwoReadersRecogniseAHeadTheOneOfHigherPriorityReadsIt() {
        // A Windows Update entry that quotes a DISM banner is still a Windows Update log.
        String head = "2023/12/28 14:02:11.4180012 1204  7716  Handler  Deployment Image Servicing and Management tool\n";
        LogHead h = new LogHead(head);
        assertThat(LogFormats.READERS).filteredOn(r -> r.recognises(h)).extracting(LogReader::format)
                .contains("windows-update-log", "dism-console");
        assertThat(LogFormats.recognise(head)).map(LogReader::format).hasValue("windows-update-log");
    }

    @Test
    void servicingLinesQuotedWithoutTheirTimeAreACbsOrDismLog() {
        assertThat(LogFormats.recognise("Info CBS Failed to execute execution chain. [HRESULT = 0x80070490 - ERROR_NOT_FOUND]\n"))
                .map(LogReader::format).hasValue("cbs-log");
        assertThat(LogFormats.recognise("<DateTime>, Error                 CSI    0000000a (F) HRESULT_FROM_WIN32(14107)\n"))
                .map(LogReader::format).hasValue("cbs-log");
        assertThat(LogFormats.recognise("Info DISM DISM Package Manager: PID=1 TID=2 Processing the top level command\n"
                + "Error DISM DISM Package Manager: PID=1 TID=2 Failed finalizing changes. (hr:0x800f0922)\n"))
                .map(LogReader::format).hasValue("dism-log");
        // A console's "Error: 0x..." is not a level column.
        assertThat(LogFormats.recognise("Error: 0x800f0922\n")).map(LogReader::format).isNotEqualTo(java.util.Optional.of("cbs-log"));
    }
}
