package com.patchdesk.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.Finding;
import com.patchdesk.diagnosis.rules.RuleBook;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule with a narrow {@code within} over a log whose matching events fill weeks: the engine keeps only a sample of
 * a long group of events, and must still keep one in every window the rules ask about. Here Windows Update retried
 * a broken download every hour for 40 days; the rule of seed situation 1, tightened to "install within 2 hours of a
 * download failure", must find an install failure in the middle of those weeks and not one a day after them.
 */
class NarrowWindowOverALongLogTest {

    private static final DateTimeFormatter WU_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSSS");
    private static final LocalDateTime START = LocalDateTime.of(2023, 11, 1, 0, 17);
    private static final int HOURS_OF_RETRIES = 40 * 24;

    @TempDir
    Path folder;

    @Test
    void anInstallFailureAnHourAfterOneOfWeeksOfDownloadFailuresIsFound() throws Exception {
        DiagnosisReport report = analyse(START.plusDays(20).plusMinutes(50));

        assertThat(ruleIds(report)).contains("wu-incomplete-download");
    }

    @Test
    void anInstallFailureADayAfterTheLastDownloadFailureIsNotTiedToThem() throws Exception {
        DiagnosisReport report = analyse(START.plusHours(HOURS_OF_RETRIES).plusDays(1));

        assertThat(ruleIds(report)).doesNotContain("wu-incomplete-download");
    }

    private DiagnosisReport analyse(LocalDateTime installFailure) throws Exception {
        Path rules = Files.createDirectories(folder.resolve("rules"));
        try (InputStream standard =
                RuleBook.class.getResourceAsStream("/com/patchdesk/diagnosis/rules/wu-incomplete-download.yaml")) {
            String rule = new String(standard.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rule).contains("within: 7d");
            Files.writeString(rules.resolve("wu-incomplete-download.yaml"), rule.replace("within: 7d", "within: 2h"));
        }
        RuleBook book = RuleBook.standard().withDirectory(rules);
        Path log = Files.write(
                folder.resolve("WindowsUpdate.log"), windowsUpdateLog(installFailure), StandardCharsets.UTF_8);

        return Diagnosis.analyze(log, AnalysisOptions.defaults().withRules(book));
    }

    private static List<String> windowsUpdateLog(LocalDateTime installFailure) {
        List<String> lines = new ArrayList<>();
        boolean installWritten = false;
        for (int hour = 0; hour < HOURS_OF_RETRIES; hour++) {
            LocalDateTime at = START.plusHours(hour);
            if (!installWritten && installFailure.isBefore(at)) {
                install(lines, installFailure);
                installWritten = true;
            }
            lines.add(wu(
                    at,
                    "8120  Agent           Title = 2023-11 Cumulative Update for Windows 10 Version 1809 for"
                            + " x64-based Systems (KB5032196)"));
            lines.add(wu(
                    at.plusSeconds(5),
                    "8120  DownloadManager Download failed 0x80248007 for update"
                            + " {6E1B4B4E-52B3-4C43-8C6D-2F5E6F0A9F11}.200"));
        }
        if (!installWritten) {
            install(lines, installFailure);
        }
        return lines;
    }

    private static void install(List<String> lines, LocalDateTime at) {
        lines.add(wu(at, "6600  Agent           * START * Installing updates CallerId = UpdateOrchestrator  Id = 14"));
        lines.add(wu(
                at.plusSeconds(58),
                "6600  Handler         Completed install of CBS update with type=0,"
                        + " requiresReboot=0, installerError=1, hr=0x80070490"));
        lines.add(wu(
                at.plusSeconds(59),
                "6600  Agent           * END * Installing updates CallerId = UpdateOrchestrator,"
                        + " Exit code = 0x80070490"));
    }

    private static String wu(LocalDateTime at, String rest) {
        return WU_TIME.format(at) + " 1204  " + rest;
    }

    private static List<String> ruleIds(DiagnosisReport report) {
        List<String> ids = new ArrayList<>();
        report.findings().forEach(f -> collect(f, ids));
        return ids;
    }

    private static void collect(Finding finding, List<String> into) {
        into.add(finding.ruleId());
        finding.children().forEach(child -> collect(child, into));
    }
}
