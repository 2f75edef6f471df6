package com.patchdesk.diagnosis.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.report.ReportFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Delivery Optimization and BITS codes a Windows Update download ends with ({@code download-error-codes.tsv}):
 * each is named and explained in both languages, and a failed download's report says what its code means and what to
 * do first.
 */
class DownloadErrorCodesTest {

    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    /** What an engineer copies from a remedy: codes, symbols, cmdlets, host patterns, registry paths, switches. */
    private static final Pattern COPIED = Pattern.compile(
            "0x[0-9A-Fa-f]{8}|\\b[A-Z][A-Z0-9]*_[A-Z0-9_]{2,}\\b"
                    + "|\\b[A-Z][a-z]+-[A-Z][A-Za-z]+\\b|\\*\\.[\\w.]+\\w|HKLM\\\\[^ ;)）]+|(?<![\\w/])/[a-z]+\\b|\\b\\d{2,3}\\b");

    private final List<String[]> rows = KnowledgeTable.rows("download-error-codes.tsv", 7);

    @Test
    void everyRowIsADeliveryOptimizationOrBitsCodeNamedAsMicrosoftNamesItWithItsSource() {
        Set<String> codes = new LinkedHashSet<>();
        for (String[] row : rows) {
            String code = ErrorCatalog.normalise(row[0]);
            assertThat(codes.add(code)).as("%s twice", code).isTrue();
            if (code.startsWith("0x80D0")) {
                assertThat(row[1]).as(code).startsWith("DO_E_");
                assertThat(row[6]).as(code).contains("delivery_optimization/do-return-values");
            } else {
                assertThat(code).as("a BITS code").matches("0x80(19|20)[0-9A-F]{4}");
                assertThat(row[1]).as(code).startsWith("BG_E_");
                assertThat(row[6]).as(code).contains("bits-return-values");
            }
        }
        assertThat(codes).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void theChineseIsChineseAndKeepsWhatAnEngineerCopies() {
        List<String> faults = new ArrayList<>();
        for (String[] row : rows) {
            for (int[] pair : new int[][] {{2, 3}, {4, 5}}) {
                String en = row[pair[0]];
                String zh = row[pair[1]];
                if (!HAN.matcher(zh).find()) {
                    faults.add(row[0] + ": not Chinese: " + zh);
                }
                Matcher m = COPIED.matcher(en);
                while (m.find()) {
                    if (!zh.contains(m.group())) {
                        faults.add(row[0] + ": the Chinese lacks " + m.group());
                    }
                }
            }
        }
        assertThat(faults).isEmpty();
    }

    @Test
    void theTeamsTellingReplacesTheReferencesGuessButMakesNoCodeAFailureOfItsOwn() {
        ErrorCode timeout = ErrorCatalog.standard().describe("0x80d02002").orElseThrow();

        // The public reference had this one with "symbol not confirmed"; Microsoft's list names it.
        assertThat(timeout.symbol()).isEqualTo("DO_E_DOWNLOAD_NO_PROGRESS");
        assertThat(timeout.meaning().zh()).contains("传递优化");
        assertThat(timeout.remedy().en()).contains("netsh winhttp show proxy");
        // Explained, not "known": the error-code-known rule (catalog: known-error) still takes Patchdesk's own table
        // only, so a paused job on a healthy machine (0x80D03805) does not become a finding by being named.
        assertThat(ErrorCatalog.standard().lookup("0x80D03805")).isEmpty();
        assertThat(ErrorCatalog.standard().describe("0x80D03805")).isPresent();
    }

    @Test
    void aDownloadAProxyAnsweredWithAWebPageNamesTheProxyFirstAndEachCodeUnderIt() throws Exception {
        // Real WindowsUpdate.log of a 1809 machine whose proxy answered Delivery Optimization and BITS with a 1.9 KB
        // text/html page (eval case l08, source in its SOURCE.md).
        Path bundle = Path.of("src/test/resources/eval/real-excerpts-team/"
                + "l08-win10-1809-sccm-mu-download-no-range-support/bundle");
        JsonNode report = JsonMapper.builder()
                .build()
                .readTree(ReportFormat.JSON.render(Diagnosis.analyze(bundle), Locale.SIMPLIFIED_CHINESE));

        JsonNode first = report.get("findings").get(0);
        assertThat(first.get("ruleId").asString()).isEqualTo("download-answered-by-web-page");
        assertThat(first.get("facts").get("kb").asString()).isEqualTo("KB4023057");
        JsonNode download = first.get("children").get(0);
        assertThat(download.get("ruleId").asString()).isEqualTo("update-download-failed");
        assertThat(download.get("error").get("symbol").asString()).isEqualTo("DO_E_INSUFFICIENT_RANGE_SUPPORT");
        assertThat(download.get("remediation").get(0).get("text").asString())
                .startsWith("0x80D05011 的含义与处理")
                .contains("Range")
                .contains("*.delivery.mp.microsoft.com");
    }
}
