package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** What the child writes without an object mapper, the server reads back with one. */
class DiagnosisChildTest {

    @TempDir
    Path folder;

    @Test
    void theStreamedResultReadsBackAsTheSameRecord() throws Exception {
        ChildJvmAnalyzer.ChildResult written = new ChildJvmAnalyzer.ChildResult(
                "failure-diagnosed",
                3,
                List.of("Logs/dump.bin: binary", "Logs/x.zip: password-protected"),
                List.of(
                        new StoredFinding(
                                0,
                                0,
                                "wu-incomplete-download[kb=KB5032196]",
                                "wu-incomplete-download",
                                "error",
                                "KB5032196 download was incomplete",
                                "KB5032196 下载不完整"),
                        new StoredFinding(
                                1,
                                1,
                                "error-code-known[code=0x80070490]",
                                "error-code-known",
                                "info",
                                "0x80070490 \"ERROR_NOT_FOUND\"\\n",
                                "0x80070490：找不到元素")),
                new ChildJvmAnalyzer.Summary(
                        "KB5032196 下载不完整",
                        List.of("KB5032196 下载不完整 (CBS.log:12)"),
                        List.of("停止更新服务: net stop wuauserv", "清空 C:\\Windows\\SoftwareDistribution\\Download")));
        Path file = folder.resolve("analysis.json");

        DiagnosisChild.writeResult(written, file);

        assertThat(JsonMapper.builder().build().readValue(file.toFile(), ChildJvmAnalyzer.ChildResult.class))
                .isEqualTo(written);
    }

    @Test
    void aResultWithoutFindingsHasNoHeadline() throws Exception {
        ChildJvmAnalyzer.ChildResult written = new ChildJvmAnalyzer.ChildResult(
                "no-failure", 1, List.of(), List.of(), new ChildJvmAnalyzer.Summary(null, List.of(), List.of()));
        Path file = folder.resolve("analysis.json");

        DiagnosisChild.writeResult(written, file);

        assertThat(JsonMapper.builder().build().readValue(file.toFile(), ChildJvmAnalyzer.ChildResult.class))
                .isEqualTo(written);
        assertThat(Files.readString(file)).contains("\"headline\":null");
    }

    @Test
    void theChildsFlagsAreTheLaunchersFromTheOneFileBothRead() throws Exception {
        // The launcher reads the engine's analysis-jvm.conf from the source tree; the server from the classpath.
        Path conf = Path.of("../patchdesk-diagnosis/src/main/resources/com/patchdesk/diagnosis/analysis-jvm.conf");
        assertThat(Files.readString(conf))
                .contains("c1_only_below_bytes=" + AnalysisJvmFlags.STANDARD.c1OnlyBelowBytes())
                .contains("always=" + String.join(" ", AnalysisJvmFlags.STANDARD.always()));
        assertThat(Files.readString(Path.of("../patchdesk")))
                .contains("analysis-jvm.conf")
                // The launcher's own defaults, used where the file cannot be read, are the file's.
                .contains("small_input=(" + String.join(" ", AnalysisJvmFlags.STANDARD.smallInput()) + ")")
                .contains("large_input=(" + String.join(" ", AnalysisJvmFlags.STANDARD.largeInput()) + ")")
                .contains("always_flags=(" + String.join(" ", AnalysisJvmFlags.STANDARD.always()) + ")");
    }

    @Test
    void aSmallBundleIsAnalysedWithC1AloneAndABigOneWithC2() throws Exception {
        Path small = Files.writeString(folder.resolve("small.zip"), "x");

        assertThat(ChildJvmAnalyzer.compilerAndCollector(small))
                .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

        Path big = folder.resolve("big.log");
        try (var file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(AnalysisJvmFlags.STANDARD.c1OnlyBelowBytes()); // sparse: no disk used
        }
        assertThat(ChildJvmAnalyzer.compilerAndCollector(big))
                .contains("-XX:CompileThresholdScaling=6", "-Xmn128m", "-XX:PerMethodTrapLimit=0")
                .doesNotContain("-XX:TieredStopAtLevel=1");
    }

    @Test
    void whyFilesWereSkippedIsSaidInTheCasesLanguage() throws Exception {
        Path bundle = Files.createDirectories(folder.resolve("bundle"));
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(bundle.resolve("日志.zip")))) {
            zip.finish(); // an empty zip: "empty zip archive (no files in it)"
        }
        Files.writeString(bundle.resolve("blank.txt"), "");

        List<String> chinese = DiagnosisChild.summarise(
                        com.patchdesk.diagnosis.Diagnosis.analyze(bundle), java.util.Locale.SIMPLIFIED_CHINESE)
                .skipped();
        List<String> english = DiagnosisChild.summarise(
                        com.patchdesk.diagnosis.Diagnosis.analyze(bundle), java.util.Locale.ENGLISH)
                .skipped();

        assertThat(String.join("; ", chinese))
                .contains("日志.zip: 空 zip 压缩包（其中没有文件）", "空文件或只有空白")
                .doesNotContain("empty zip archive", "empty or blank file");
        assertThat(String.join("; ", english)).contains("empty zip archive (no files in it)");
    }
}
