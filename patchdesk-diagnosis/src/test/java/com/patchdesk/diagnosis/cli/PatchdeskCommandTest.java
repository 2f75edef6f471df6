package com.patchdesk.diagnosis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The command line in-process: exit codes, stdout only for the report, diagnostics on stderr. */
@Tag("slow")
class PatchdeskCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PatchdeskCommand.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private static String bundle(String name) throws Exception {
        return Path.of(PatchdeskCommandTest.class
                        .getResource("/com/patchdesk/diagnosis/bundles/" + name)
                        .toURI())
                .toString();
    }

    @Test
    void jsonGoesToStdoutAloneAndParses() throws Exception {
        int code = run("analyze", bundle("incomplete-download-then-not-found"), "--format", "json");

        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(out.toString())
                        .get("schema")
                        .asString())
                .isEqualTo("patchdesk.diagnosis/1");
    }

    @Test
    void chineseTextReport() throws Exception {
        int code = run("analyze", bundle("incomplete-download-then-not-found"), "--lang", "zh-CN");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Patchdesk 诊断报告", "KB5032196 下载不完整", "清空更新缓存");
    }

    @Test
    void contextShowsTheLinesAroundEachEvidenceLine() throws Exception {
        int code = run("analyze", bundle("incomplete-download-then-not-found"), "--context", "2", "--format", "json");

        assertThat(code).isZero();
        var evidence = JsonMapper.builder()
                .build()
                .readTree(out.toString())
                .get("findings")
                .get(0)
                .get("evidence")
                .get(0);
        assertThat(evidence.get("before").size() + evidence.get("after").size()).isPositive();
    }

    @Test
    void contextOutOfRangeIsBadUsage() throws Exception {
        assertThat(run("analyze", bundle("incomplete-download-then-not-found"), "--context", "50"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--context must be between 0 and 20");
    }

    @Test
    void markdownFormatIsAccepted() throws Exception {
        assertThat(run("analyze", bundle("build-774-component-1879"), "--format", "MARKDOWN"))
                .isZero();
        assertThat(out.toString()).startsWith("# Patchdesk diagnosis").contains("KB5001342");
    }

    @Test
    void chineseIsWrittenAsUtf8EvenWhenThePlatformDefaultIsLatin1() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dfile.encoding=ISO-8859-1",
                        "-Dsun.stdout.encoding=ISO-8859-1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        PatchdeskCommand.class.getName(),
                        "analyze",
                        bundle("incomplete-download-then-not-found"),
                        "--lang",
                        "zh-CN",
                        "--format",
                        "json")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isZero();
        assertThat(stdout).contains("下载不完整");
    }

    @Test
    void unreadableInputExitsWithThreeAndPrintsOnlyToStderr(@TempDir Path dir) {
        int code = run("analyze", dir.resolve("no-such-bundle.zip").toString(), "--format", "json");

        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("cannot read").contains("no-such-bundle.zip");
    }

    /** A file that is no zip at all: nothing could be read, which must not read as a healthy machine. */
    @Test
    void inputOfWhichNothingCouldBeReadExitsWithThreeAndSaysWhy(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("bundle.zip");
        byte[] bytes = new byte[4096];
        new java.util.Random(7).nextBytes(bytes);
        bytes[0] = 'P';
        bytes[1] = 'K';
        Files.write(garbage, bytes);

        int code = run("analyze", garbage.toString(), "--format", "json");

        assertThat(code).isEqualTo(3);
        var report = JsonMapper.builder().build().readTree(out.toString());
        assertThat(report.get("outcome").asString()).isEqualTo("nothing-read");
        assertThat(report.get("bundle").get("filesSkipped").size()).isPositive();
        assertThat(err.toString()).contains("no log could be read");
    }

    @Test
    void badUsageExitsWithTwo() throws Exception {
        assertThat(run("analyze", bundle("build-774-component-1879"), "--format", "yaml"))
                .isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("--format");

        assertThat(run("analyze", bundle("build-774-component-1879"), "--lang", "fr"))
                .isEqualTo(2);
        assertThat(run("analyze")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void extraRulesFolderIsUsedAndABrokenRuleIsBadUsage(@TempDir Path rules) throws Exception {
        Files.writeString(rules.resolve("hyperv-component.yaml"), """
                id: hyperv-component
                title: {en: "Hyper-V NIC component {c.version} is missing", zh-CN: "缺少 Hyper-V 网卡组件 {c.version}"}
                severity: error
                confidence: medium
                match:
                  - {name: c, kind: COMPONENT_REFERENCE, where: {component: {matches: "hyperv-vmsynthnic"}}}
                facts: {version: "{c.version}"}
                """);
        assertThat(run("analyze", bundle("build-774-component-1879"), "--rules", rules.toString()))
                .isZero();
        assertThat(out.toString()).contains("Hyper-V NIC component 10.0.17763.1879 is missing");

        Files.writeString(rules.resolve("broken.yaml"), "id: broken\nmatch: nope\n");
        assertThat(run("analyze", bundle("build-774-component-1879"), "--rules", rules.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("broken.yaml");
    }
}
