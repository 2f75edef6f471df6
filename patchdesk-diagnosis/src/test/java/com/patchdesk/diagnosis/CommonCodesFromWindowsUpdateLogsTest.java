package com.patchdesk.diagnosis;

import static com.patchdesk.diagnosis.SeedSituationsEndToEndTest.analyze;
import static com.patchdesk.diagnosis.SeedSituationsEndToEndTest.locations;
import static com.patchdesk.diagnosis.SeedSituationsEndToEndTest.ruleIds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rules about common codes fire on a bundle that has only WindowsUpdate.log and ReportingEvents.log, and a
 * failure that CBS.log and WindowsUpdate.log both state is still one finding.
 */
class CommonCodesFromWindowsUpdateLogsTest {

    @Test
    void commonCodeRulesFireOnABundleWithOnlyWindowsUpdateLogs() throws Exception {
        JsonNode report = analyze("windows-update-logs-only-common-codes");

        assertThat(report.get("outcome").asString()).isEqualTo("failure-diagnosed");
        List<JsonNode> all = flatten(report.get("findings"));
        assertThat(all)
                .extracting(f -> f.get("ruleId").asString())
                .contains("access-denied", "source-missing", "advanced-installer-failed", "component-store-corrupt");
        // A line Windows Update wrote with no update step on it ("FATAL: ... hr=0x80070005") is enough.
        JsonNode denied = all.stream()
                .filter(f -> f.get("ruleId").asString().equals("access-denied"))
                .findFirst()
                .orElseThrow();
        assertThat(locations(denied)).containsExactly("WindowsUpdate.log:6");
        // The line's code and its telling as a generic error line are symptoms of the cause, under it.
        assertThat(ruleIds(denied.get("children")))
                .containsExactlyInAnyOrder("servicing-error-line", "error-code-known");
        assertThat(all).extracting(f -> f.get("key").asString()).doesNotHaveDuplicates();
    }

    @Test
    void aCodeThatCbsAndWindowsUpdateBothStateIsOneFinding() throws Exception {
        JsonNode report = analyze("incomplete-download-then-not-found");

        List<String> keys = flatten(report.get("findings")).stream()
                .map(f -> f.get("key").asString())
                .toList();
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(keys.stream().filter(k -> k.startsWith("wu-incomplete-download")))
                .hasSize(1);
        assertThat(keys.stream().filter(k -> k.equals("error-code-known[code=0x80070490]")))
                .hasSize(1);
    }

    private static List<JsonNode> flatten(JsonNode findings) {
        List<JsonNode> all = new ArrayList<>();
        findings.forEach(f -> {
            all.add(f);
            all.addAll(flatten(f.get("children")));
        });
        return all;
    }
}
