package com.patchdesk.diagnosis;

import static com.patchdesk.diagnosis.SeedSituationsEndToEndTest.commands;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One store failure on machines whose build the bundle states differently ({@code bundles/*-store-corrupt-0x80073701},
 * a CBS.log each): DISM's /ScanHealth and /RestoreHealth exist from Windows 8 / Server 2012 on, so a Windows 7 machine
 * is told to use the System Update Readiness Tool instead, and every other machine keeps the DISM steps. The failure
 * is the real Windows 7 excerpt of KB2447568's missing assemblies
 * (real-excerpts/10-win7-sp1-pin-deployment-0x80073701);
 * the build comes from a cumulative package CBS reads out as installed (the line of eval case
 * 01-routine-servicing-win7, Package_for_RollupFix 7601.23545, or its 17763 form) and a servicing stack line, their
 * times moved before the failure. A servicing stack line alone gives no OS build the report states, but its version
 * (6.1.7601.x) says which Windows it is ({machine.stack}): the fourth bundle has only that line; the third has neither.
 */
class OldWindowsStoreRepairTest {

    private static final String SURT_COMMAND = "findstr /c:\"(f)\" %windir%\\Logs\\CBS\\CheckSUR.log";

    @Test
    void aWindows7MachineIsToldToUseTheSystemUpdateReadinessToolNotDism() throws Exception {
        JsonNode report = SeedSituationsEndToEndTest.analyze("win7-sp1-store-corrupt-0x80073701");
        assertThat(report.get("bundle").get("osBuild").asString()).startsWith("7601.");

        JsonNode corrupt = finding(report, "component-store-corrupt");
        assertThat(commands(corrupt)).contains(SURT_COMMAND, "sfc /scannow");
        assertThat(texts(corrupt))
                .anyMatch(t -> t.startsWith("On Windows 7 / Windows Server 2008 R2 DISM cannot check or repair")
                        && t.contains("System Update Readiness Tool (KB947821)"));
        assertThat(allSteps(report))
                .as("no step of any finding names a DISM store check or repair")
                .noneMatch(s -> s.contains("RestoreHealth") || s.contains("ScanHealth"));
    }

    /** A Windows 7 CBS.log often states no OS build; its servicing stack's version (6.1.7601.x) says it all the same. */
    @Test
    void aWindows7MachineKnownOnlyByItsServicingStackIsToldToUseTheReadinessToolToo() throws Exception {
        JsonNode report = SeedSituationsEndToEndTest.analyze("win7-stack-only-store-corrupt-0x80073701");
        assertThat(report.get("bundle").get("osBuild").isNull()).isTrue();

        assertThat(commands(finding(report, "component-store-corrupt"))).contains(SURT_COMMAND, "sfc /scannow");
        assertThat(allSteps(report)).noneMatch(s -> s.contains("RestoreHealth") || s.contains("ScanHealth"));
    }

    @Test
    void theSameFailureOnAWindows10BuildKeepsTheDismSteps() throws Exception {
        JsonNode report = SeedSituationsEndToEndTest.analyze("server2019-store-corrupt-0x80073701");
        assertThat(report.get("bundle").get("osBuild").asString()).startsWith("17763.");
        assertKeepsDism(report);
    }

    @Test
    void theSameFailureOnAnUnknownBuildKeepsTheDismSteps() throws Exception {
        JsonNode report = SeedSituationsEndToEndTest.analyze("unknown-build-store-corrupt-0x80073701");
        assertThat(report.get("bundle").get("osBuild").isNull()).isTrue();
        assertKeepsDism(report);
    }

    private static void assertKeepsDism(JsonNode report) {
        List<String> commands = commands(finding(report, "component-store-corrupt"));
        assertThat(commands)
                .contains(
                        "DISM /Online /Cleanup-Image /ScanHealth",
                        "DISM /Online /Cleanup-Image /RestoreHealth /Source:wim:D:\\sources\\install.wim:1 /LimitAccess",
                        "sfc /scannow");
        assertThat(allSteps(report)).noneMatch(s -> s.contains("CheckSUR") || s.contains("KB947821"));
    }

    private static JsonNode finding(JsonNode report, String ruleId) {
        List<JsonNode> all = new ArrayList<>();
        flatten(report.get("findings"), all);
        return all.stream()
                .filter(f -> f.get("ruleId").asString().equals(ruleId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + ruleId + " finding in " + report.get("findings")));
    }

    private static void flatten(JsonNode findings, List<JsonNode> out) {
        findings.forEach(f -> {
            out.add(f);
            flatten(f.get("children"), out);
        });
    }

    private static List<String> texts(JsonNode finding) {
        List<String> out = new ArrayList<>();
        finding.get("remediation").forEach(s -> out.add(s.get("text").asString()));
        return out;
    }

    /** The text and command of every fix step of every finding of the report. */
    private static List<String> allSteps(JsonNode report) {
        List<JsonNode> all = new ArrayList<>();
        flatten(report.get("findings"), all);
        List<String> out = new ArrayList<>();
        for (JsonNode f : all) {
            out.addAll(texts(f));
            out.addAll(commands(f));
        }
        return out;
    }
}
