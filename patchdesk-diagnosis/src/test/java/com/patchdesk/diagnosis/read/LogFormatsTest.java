package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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

    /**
     * A person's sentence is no log; with a failure code in it, it is what they pasted (PastedTextReaderTest), read
     * last of all. Without one there is nothing to read.
     */
    @Test
    void proseThatMerelyMentionsLogsIsNotALog() {
        assertThat(LogFormats.recognise("Please find CBS.log attached. The update KB5032196 failed with 0x80070490.\n"))
                .map(LogReader::format)
                .hasValue("pasted-text");
        assertThat(LogFormats.recognise("Please find CBS.log attached. The update KB5032196 failed again.\n"))
                .isEmpty();
        assertThat(LogFormats.recognise("")).isEmpty();
    }

    @Test
    void everyRegisteredReaderHasItsOwnFormatAndPriorityAndTheListIsHighestFirst() {
        assertThat(LogFormats.READERS).extracting(LogReader::format).doesNotHaveDuplicates();
        assertThat(LogFormats.READERS)
                .extracting(LogReader::priority)
                .doesNotHaveDuplicates()
                .isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    }

    @Test
    void whereTwoReadersRecogniseAHeadTheOneOfHigherPriorityReadsIt() {
        // A Windows Update entry that quotes a DISM banner is still a Windows Update log.
        String head =
                "2023/12/28 14:02:11.4180012 1204  7716  Handler  Deployment Image Servicing and Management tool\n";
        LogHead h = new LogHead(head);
        assertThat(LogFormats.READERS)
                .filteredOn(r -> r.recognises(h))
                .extracting(LogReader::format)
                .contains("windows-update-log", "dism-console");
        assertThat(LogFormats.recognise(head)).map(LogReader::format).hasValue("windows-update-log");
    }

    @Test
    void servicingLinesQuotedWithoutTheirTimeAreACbsOrDismLog() {
        assertThat(LogFormats.recognise(
                        "Info CBS Failed to execute execution chain. [HRESULT = 0x80070490 - ERROR_NOT_FOUND]\n"))
                .map(LogReader::format)
                .hasValue("cbs-log");
        assertThat(LogFormats.recognise(
                        "<DateTime>, Error                 CSI    0000000a (F) HRESULT_FROM_WIN32(14107)\n"))
                .map(LogReader::format)
                .hasValue("cbs-log");
        assertThat(LogFormats.recognise("Info DISM DISM Package Manager: PID=1 TID=2 Processing the top level command\n"
                        + "Error DISM DISM Package Manager: PID=1 TID=2 Failed finalizing changes. (hr:0x800f0922)\n"))
                .map(LogReader::format)
                .hasValue("dism-log");
        // A console's "Error: 0x..." is not a level column.
        assertThat(LogFormats.recognise("Error: 0x800f0922\n"))
                .map(LogReader::format)
                .isNotEqualTo(java.util.Optional.of("cbs-log"));
    }

    /** One head per shape a reader was taught for real excerpts: the reader each must reach. */
    @Test
    void theShapesOfRealExcerptsReachTheirReaders() {
        java.util.Map<String, String> heads = new java.util.LinkedHashMap<>();
        heads.put("Error: 0x800f0922\n\nDISM failed. No operation was performed.\n", "dism-console");
        heads.put("Ошибка: 0x800f081f\n\nНе удалось найти исходные файлы.\n", "dism-console");
        heads.put(
                "Processing 1 of 1 - Adding package Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.7314.1.18\n",
                "dism-console");
        heads.put("WARNING: Add-WindowsPackage failed. Error code = 0x800f081e\n", "dism-console");
        heads.put(
                "There is a system repair pending which requires reboot to complete.  Restart Windows and run sfc again.\n",
                "sfc-console");
        heads.put(
                "Information HOST 1 Microsoft-Windows-Servicing N/A NT AUTHORITY\\SYSTEM Initiating changes for package "
                        + "KB5004122. Current state is Resolved. Target state is Installed. Client id: WindowsUpdateAgent.\n",
                "setup-events");
        heads.put("Event[0]:\n  Log Name: Setup\n  Source: Microsoft-Windows-Servicing\n", "setup-events");
        heads.put(
                "hh:mm:ss.fffff tt 11736 12104 uhwinsetup_cpp776 [Handler] Exit code = 0x80070490\n",
                "windows-update-log");
        heads.put(
                "12/28/2023 2:21:47.5551234 PM 1204  8120  downloadmanager_cpp2345 [DownloadManager] Download failed\n",
                "windows-update-log");
        heads.put("[2020-02-06 18:53:04] Error CSI (F) Hashes differ for\n", "cbs-log");
        heads.forEach((head, format) -> assertThat(LogFormats.recognise(head))
                .as(head)
                .map(LogReader::format)
                .hasValue(format));
    }
}
