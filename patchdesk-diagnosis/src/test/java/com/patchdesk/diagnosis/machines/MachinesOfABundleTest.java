package com.patchdesk.diagnosis.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.bundle.CollectorName;
import com.patchdesk.diagnosis.bundle.MachineBundles;
import com.patchdesk.diagnosis.bundle.SeveralMachinesException;
import com.patchdesk.diagnosis.cli.PatchdeskCommand;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.ReportFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a bundle says about its machine, and a zip of several machines' bundles kept apart. */
class MachinesOfABundleTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    @Test
    void systeminfoGivesHostAndEditionInTheReportAndTheCollectorNameIsTheFallback() throws Exception {
        Path named = temp.resolve("CMGELogCollector_BRANCH-PC-007_20240123.zip");
        Files.write(named, zip(fixtureFiles("bundles/build-774-component-1879")));
        Path withSysteminfo = temp.resolve("CMGELogCollector_RENAMED_20240123.zip");
        Map<String, byte[]> files = fixtureFiles("bundles/build-774-component-1879");
        files.put("tools/systeminfo.txt", read("os-version/systeminfo.zh-CN.gbk.txt"));
        Files.write(withSysteminfo, zip(files));

        JsonNode byName = JSON.readTree(ReportFormat.JSON.render(Diagnosis.analyze(named), Locale.ENGLISH));
        JsonNode bySysteminfo =
                JSON.readTree(ReportFormat.JSON.render(Diagnosis.analyze(withSysteminfo), Locale.SIMPLIFIED_CHINESE));

        assertThat(byName.path("machine").path("host").asString()).isEqualTo("BRANCH-PC-007");
        assertThat(byName.path("machine").path("hostSource").asString()).isEqualTo("collector-name");
        assertThat(byName.path("machine").path("build").asString()).isEqualTo("17763.774");
        assertThat(bySysteminfo.path("machine").path("host").asString()).isEqualTo("BANK-PC-0417");
        assertThat(bySysteminfo.path("machine").path("hostSource").asString()).isEqualTo("systeminfo");
        assertThat(bySysteminfo.path("machine").path("edition").asString()).isEqualTo("Microsoft Windows 10 企业版 LTSC");
        DiagnosisReport report = Diagnosis.analyze(withSysteminfo);
        assertThat(ReportFormat.TEXT.render(report, Locale.ENGLISH))
                .contains("Machine: BANK-PC-0417 — Microsoft Windows 10");
        assertThat(report.findings()).isNotEmpty();
    }

    @Test
    void aBundleWithoutAHostNameSaysNothingOfIt() throws Exception {
        Path bundle = temp.resolve("logs.zip");
        Files.write(bundle, zip(fixtureFiles("bundles/incomplete-download-then-not-found")));

        JsonNode report = JSON.readTree(ReportFormat.JSON.render(Diagnosis.analyze(bundle), Locale.ENGLISH));

        assertThat(report.path("machine").has("host")).isFalse();
    }

    @Test
    void collectorNames() {
        assertThat(CollectorName.host("CMGELogCollector_BANK-PC-0417_20231205.zip"))
                .contains("BANK-PC-0417");
        assertThat(CollectorName.host("x/PatchdeskCollector_营业部-01_2023-12-05_1015/CBS.log"))
                .contains("营业部-01");
        assertThat(CollectorName.host("cmgelogcollector_pc1_20231205")).contains("pc1");
        assertThat(CollectorName.host("CBS.zip")).isEmpty();
        assertThat(CollectorName.host("CMGELogCollector_.zip")).isEmpty();
    }

    @Test
    void aZipOfSeveralMachinesIsNotMergedAndTheCommandLineDiagnosesEachMachine() throws Exception {
        Map<String, byte[]> outer = new LinkedHashMap<>();
        outer.put("bundles/CMGELogCollector_PC-A_20240101.zip", zip(fixtureFiles("bundles/build-774-component-1879")));
        outer.put(
                "bundles/CMGELogCollector_PC-B_20240101.zip",
                zip(fixtureFiles("bundles/incomplete-download-then-not-found")));
        Path fleet = temp.resolve("branch-offices.zip");
        Files.write(fleet, zip(outer));

        assertThat(MachineBundles.of(fleet))
                .extracting(p -> p.host().orElseThrow())
                .containsExactly("PC-A", "PC-B");
        assertThatThrownBy(() -> Diagnosis.analyze(fleet))
                .isInstanceOf(SeveralMachinesException.class)
                .hasMessageContaining("2 bundles, 2 machines (PC-A, PC-B)");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatchdeskCommand.run(
                new PrintWriter(out), new PrintWriter(err), "analyze", fleet.toString(), "--format", "json");

        assertThat(code).isZero();
        assertThat(err.toString()).contains("holds the bundles of several machines: 2 bundles, 2 machines");
        JsonNode reports = JSON.readTree(out.toString());
        assertThat(reports.size()).isEqualTo(2);
        assertThat(reports.get(0).path("machine").path("host").asString()).isEqualTo("PC-A");
        assertThat(reports.get(0).path("findings").toString()).contains("build-far-behind");
        assertThat(reports.get(1).path("machine").path("host").asString()).isEqualTo("PC-B");
        assertThat(reports.get(1).path("findings").toString())
                .contains("wu-incomplete-download")
                .doesNotContain("build-far-behind");
    }

    @Test
    void twoZipsOfOneHostAndAnOrdinaryBundleWithOneNestedZipAreOneMachine() throws Exception {
        Map<String, byte[]> sameHost = new LinkedHashMap<>();
        sameHost.put("CMGELogCollector_PC-A_20240101.zip", zip(fixtureFiles("bundles/build-774-component-1879")));
        sameHost.put("CMGELogCollector_PC-A_20240102.zip", zip(fixtureFiles("bundles/build-774-component-1879")));
        Path twice = temp.resolve("twice.zip");
        Files.write(twice, zip(sameHost));
        Map<String, byte[]> withLogs = fixtureFiles("bundles/incomplete-download-then-not-found");
        withLogs.put("more/CBS.zip", zip(fixtureFiles("bundles/build-774-component-1879")));
        Path ordinary = temp.resolve("ordinary.zip");
        Files.write(ordinary, zip(withLogs));

        assertThat(MachineBundles.of(twice)).isEmpty();
        assertThat(MachineBundles.of(ordinary)).isEmpty();
        assertThat(Diagnosis.analyze(ordinary).findings()).isNotEmpty();
    }

    private static byte[] read(String resource) throws Exception {
        return Files.readAllBytes(resourcePath(resource));
    }

    private static Path resourcePath(String resource) throws Exception {
        var url = MachinesOfABundleTest.class.getResource("/" + resource);
        if (url == null) {
            url = MachinesOfABundleTest.class.getResource("/com/patchdesk/diagnosis/" + resource);
        }
        return Path.of(url.toURI());
    }

    private static Map<String, byte[]> fixtureFiles(String folder) throws Exception {
        Path root = resourcePath(folder);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
