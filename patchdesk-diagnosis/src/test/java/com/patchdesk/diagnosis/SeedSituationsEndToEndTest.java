package com.patchdesk.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.report.ReportFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each situation of case CAS-10610 from real-format log files (folders under {@code bundles/}) through the
 * scanner, the readers and the rules to the JSON report.
 */
class SeedSituationsEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void incompleteDownloadThenPackageNotFound() throws Exception {
        JsonNode report = analyze("incomplete-download-then-not-found");

        assertThat(report.get("outcome").asString()).isEqualTo("failure-diagnosed");
        JsonNode root = report.get("findings").get(0);
        assertThat(root.get("ruleId").asString()).isEqualTo("wu-incomplete-download");
        assertThat(root.get("facts").get("kb").asString()).isEqualTo("KB5032196");
        assertThat(root.get("facts").get("package").asString())
                .isEqualTo("Package_2_for_KB5032196~31bf3856ad364e35~amd64~~10.0.1.11");
        assertThat(locations(root))
                .startsWith("WindowsUpdate/WindowsUpdate.log:6")
                .contains("Logs/CBS/CBS.log:9");
        assertThat(commands(root))
                .contains(
                        "net stop wuauserv & net stop bits & net stop cryptsvc",
                        "rd /s /q C:\\Windows\\SoftwareDistribution\\DataStore & rd /s /q C:\\Windows\\SoftwareDistribution\\Download",
                        "net start cryptsvc & net start bits & net start wuauserv");
        assertThat(ruleIds(root.get("children"))).contains("update-install-failed", "error-code-known");
        assertThat(report.get("findings")).hasSize(1);
        JsonNode attempts = report.get("bundle").get("updateAttempts");
        assertThat(attempts.get(1).get("phase").asString()).isEqualTo("download");
        assertThat(attempts.get(1).get("code").asString()).isEqualTo("0x80248007");
        assertThat(attempts.get(1).get("time").asString()).isEqualTo("2023-12-28T14:21:47");
        assertThat(attempts.valueStream()
                        .map(a -> a.get("phase").asString() + " "
                                + a.get("outcome").asString()))
                .as("the failure line and the END line of one download are one attempt")
                .containsExactly("scan success", "download failure", "install failure");
    }

    @Test
    void servicingStackPrerequisiteThatStayedStaged() throws Exception {
        JsonNode report = analyze("ssu-prerequisite-staged-not-installed");

        JsonNode root = report.get("findings").get(0);
        assertThat(root.get("ruleId").asString()).isEqualTo("ssu-prerequisite-failed");
        assertThat(root.get("facts").get("kb").asString()).isEqualTo("KB5032306");
        assertThat(locations(root)).containsExactly("Logs/CBS/CBS.log:4");
        assertThat(commands(root))
                .contains(
                        "dism /online /add-package /packagepath:C:\\temp\\windows10.0-kb5032306-x64.cab",
                        "shutdown /r /t 0");
        assertThat(ruleIds(root.get("children"))).containsExactly("advanced-installer-failed");
    }

    @Test
    void checkHealthRepairableWithTheForwardDeltaFailureUnderIt() throws Exception {
        JsonNode report = analyze("checkhealth-repairable-forward-delta-wkscli");

        assertThat(ruleIds(report.get("findings"))).containsExactly("component-store-repairable");
        JsonNode store = report.get("findings").get(0);
        String netapi =
                "amd64_microsoft-windows-w..ationservice-netapi_31bf3856ad364e35_10.0.17763.2803_none_c2d208398729f542";
        String efisys =
                "amd64_microsoft-windows-b..ironment-dvd-efisys_31bf3856ad364e35_10.0.17763.4974_none_aff3b818b4d7548d";
        // Both damaged components CheckSUR listed are named, each with its own line and copy step.
        assertThat(store.get("facts").get("component").asString()).isEqualTo(netapi + ", " + efisys);
        assertThat(store.get("title").asString()).contains("2 damaged component(s)", netapi, efisys);
        assertThat(locations(store)).contains("checkhealth.txt:8", "Logs/CBS/CBS.log:2", "Logs/CBS/CBS.log:3");
        assertThat(commands(store))
                .contains(
                        "DISM /Online /Cleanup-Image /RestoreHealth /Source:wim:D:\\sources\\install.wim:1 /LimitAccess");
        assertThat(commands(store))
                .anyMatch(c -> c.endsWith(
                        "robocopy D:\\healthy\\" + netapi + " C:\\Windows\\WinSxS\\" + netapi + " /e /copy:DAT"));
        assertThat(commands(store))
                .anyMatch(c -> c.endsWith(
                        "robocopy D:\\healthy\\" + efisys + " C:\\Windows\\WinSxS\\" + efisys + " /e /copy:DAT"));
        JsonNode delta = store.get("children").get(0);
        assertThat(delta.get("ruleId").asString()).isEqualTo("forward-delta-failed");
        assertThat(delta.get("facts").get("file").asString()).isEqualTo("wkscli.dll");
        assertThat(delta.get("title").asString()).contains("wkscli.dll", netapi, "baseline 17763.2803");
        assertThat(locations(delta)).contains("Logs/CBS/CBS.log:18");
        assertThat(report.get("bundle").get("osBuild").asString()).isEqualTo("17763.774");
    }

    @Test
    void buildFarBehindNamesTheSteppingStoneThenOneCumulativeUpdate() throws Exception {
        JsonNode report = analyze("build-774-component-1879");

        JsonNode root = report.get("findings").get(0);
        assertThat(root.get("ruleId").asString()).isEqualTo("build-far-behind");
        assertThat(root.get("facts").get("os_build").asString()).isEqualTo("17763.774");
        assertThat(root.get("facts").get("stepping_stone").asString()).isEqualTo("KB5001342");
        assertThat(root.get("facts").get("component").asString())
                .isEqualTo("amd64_hyperv-vmsynthnic_31bf3856ad364e35_10.0.17763.1879_none_fc948d4afe9ac7bb");
        // No update names itself in this bundle (no Windows Update log): the newest monthly update of the catalog.
        assertThat(commands(root))
                .containsExactly(
                        "for %f in (C:\\temp\\*.msu) do expand -F:*.cab \"%f\" C:\\temp",
                        "dism /online /add-package /packagepath:C:\\temp\\windows10.0-kb5001404-x64.cab",
                        "dism /online /add-package /packagepath:C:\\temp\\windows10.0-kb5001342-x64.cab",
                        "reg query \"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\" /v UBR",
                        "dism /online /add-package /packagepath:C:\\temp\\windows10.0-kb5041577-x64.cab",
                        "dism /online /add-package /packagepath:C:\\temp\\windows10.0-kb5087538-x64.cab");
        List<String> texts = new ArrayList<>();
        root.get("remediation").forEach(s -> texts.add(s.get("text").asString()));
        assertThat(texts)
                .anyMatch(t -> t.startsWith("Unconfirmed: no Microsoft article available here confirms KB5041577"))
                .anyMatch(t -> t.startsWith("The monthly updates between KB5001342 and KB5087538 are not needed"))
                .noneMatch(t -> t.contains("KB5003171"));
        assertThat(locations(root)).contains("Logs/CBS/CBS.log:3", "CurrentVersion.reg:10");
        assertThat(ruleIds(root.get("children"))).contains("error-code-known", "cbs-servicing-failed");
        assertThat(report.get("findings")).hasSize(1);
    }

    @Test
    void aLaterCumulativeUpdateInstalledSoEarlierFailuresAreHistory() throws Exception {
        JsonNode report = analyze("december-update-installed-after-failures");

        assertThat(report.get("outcome").asString()).isEqualTo("installed");
        assertThat(ruleIds(report.get("findings"))).containsExactly("update-installed");
        assertThat(report.get("findings").get(0).get("facts").get("kb").asString())
                .isEqualTo("KB5033371");
        assertThat(ruleIds(report.get("history"))).contains("update-install-failed", "wu-incomplete-download");
    }

    @Test
    void theLoghubWindows7SampleIsReadWithoutInventingAnUpdateFailure() throws Exception {
        Path sample =
                Path.of(getClass().getResource("/corpus/public/loghub-windows").toURI());
        JsonNode report = JSON.readTree(ReportFormat.JSON.render(Diagnosis.analyze(sample), Locale.ENGLISH));

        assertThat(report.get("bundle").get("filesRead")).isNotEmpty();
        assertThat(ruleIds(report.get("findings")))
                .doesNotContain(
                        "wu-incomplete-download",
                        "build-far-behind",
                        "ssu-prerequisite-failed",
                        "forward-delta-failed");
    }

    /** The JSON report (English) of a bundle folder under {@code bundles/}. */
    static JsonNode analyze(String bundle) throws Exception {
        Path dir = Path.of(SeedSituationsEndToEndTest.class
                .getResource("bundles/" + bundle)
                .toURI());
        return JSON.readTree(ReportFormat.JSON.render(Diagnosis.analyze(dir), Locale.ENGLISH));
    }

    static List<String> ruleIds(JsonNode findings) {
        List<String> ids = new ArrayList<>();
        findings.forEach(f -> ids.add(f.get("ruleId").asString()));
        return ids;
    }

    static List<String> locations(JsonNode finding) {
        List<String> out = new ArrayList<>();
        finding.get("evidence")
                .forEach(e ->
                        out.add(e.get("file").asString() + ":" + e.get("line").asLong()));
        return out;
    }

    /** The commands of a finding's fix steps, in order (a step without a command left out). */
    static List<String> commands(JsonNode finding) {
        List<String> out = new ArrayList<>();
        finding.get("remediation").forEach(s -> {
            if (!s.get("command").isNull()) {
                out.add(s.get("command").asString());
            }
        });
        return out;
    }
}
