package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Analysis children of the packaged server jar (run by failsafe after {@code package}): they start from the jar's
 * extraction with a class archive that the first child records, and give the same analysis every time.
 */
class ChildJvmAnalyzerIT {

    private static final Path SERVER_JAR = Path.of(System.getProperty("patchdesk.server.jar"));
    private static final Path FIXTURES = Path.of(System.getProperty("patchdesk.fixtures"));

    @TempDir
    Path folder;

    @Test
    void childrenOfTheExecutableJarStartFromItsExtractionWithAClassArchive() throws Exception {
        Path bundle = Files.copy(FIXTURES.resolve("cbs/package-not-found-0x80070490.log"), folder.resolve("CBS.log"));
        Path scratch = folder.resolve("scratch");
        ChildJvmAnalyzer analyzer =
                new ChildJvmAnalyzer(DiagnosisChild.class.getName(), "256m", scratch, SERVER_JAR.toString());

        Analysis first = analyzer.analyze(bundle, Locale.ENGLISH, Duration.ofMinutes(2));

        Path runtime = onlyEntry(scratch.resolve("runtime"));
        assertThat(runtime.resolve(SERVER_JAR.getFileName())).isRegularFile();
        assertThat(runtime.resolve("lib")).isDirectory();
        try (Stream<Path> files = Files.list(runtime)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("the first child recorded the class archive, and nothing of the recording is left")
                    .anyMatch(name -> name.startsWith("classes-java-") && name.endsWith(".jsa"))
                    .noneMatch(name -> name.startsWith("recording-"));
        }
        assertThat(first.outcome()).isEqualTo("failure-diagnosed");
        assertThat(first.reports().get("en")).contains("0x80070490");

        ChildJvmAnalyzer afterRestart =
                new ChildJvmAnalyzer(DiagnosisChild.class.getName(), "256m", scratch, SERVER_JAR.toString());
        Analysis second = afterRestart.analyze(bundle, Locale.ENGLISH, Duration.ofMinutes(2));

        assertThat(onlyEntry(scratch.resolve("runtime")))
                .as("the extraction is reused")
                .isEqualTo(runtime);
        ExtractedRuntime.Start next = new ExtractedRuntime(SERVER_JAR, scratch.resolve("runtime"))
                .start(DiagnosisChild.class.getName(), true);
        assertThat(next.jvmFlagsAndClassPath())
                .anyMatch(flag -> flag.startsWith("-XX:SharedArchiveFile=" + runtime))
                .containsSubsequence(
                        "-cp", runtime.resolve(SERVER_JAR.getFileName()).toString(), DiagnosisChild.class.getName());
        assertThat(next.recording()).isNull();
        assertThat(second.reports()).isEqualTo(first.reports());
        assertThat(second.findings()).isEqualTo(first.findings());
    }

    @Test
    void theWarmUpExtractsTheJarAndRecordsTheClassArchiveSoTheFirstUploadFindsThemReady() throws Exception {
        Path scratch = folder.resolve("scratch");
        ChildJvmAnalyzer analyzer =
                new ChildJvmAnalyzer(DiagnosisChild.class.getName(), "256m", scratch, SERVER_JAR.toString());

        assertThat(analyzer.prepare(Duration.ofMinutes(2)))
                .as("the warm-up log's failure was diagnosed")
                .isTrue();

        Path runtime = onlyEntry(scratch.resolve("runtime"));
        try (Stream<Path> files = Files.list(runtime)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(name -> name.startsWith("classes-java-") && name.endsWith(".jsa"));
        }
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .as("nothing of the warm-up is left but the runtime")
                    .containsExactly("runtime");
        }
        ExtractedRuntime.Start first = new ExtractedRuntime(SERVER_JAR, scratch.resolve("runtime"))
                .start(DiagnosisChild.class.getName(), true);
        assertThat(first.recording())
                .as("the first upload's child records nothing")
                .isNull();
        assertThat(new ChildJvmAnalyzer(
                                DiagnosisChild.class.getName(),
                                "256m",
                                folder.resolve("plain"),
                                System.getProperty("java.class.path"))
                        .prepare(Duration.ofMinutes(1)))
                .as("children from a plain class path have nothing to prepare")
                .isFalse();
    }

    @Test
    void warmWorkersOfTheExecutableJarStartFromItsExtractionAndAnswerAsItsChildrenDo() throws Exception {
        Path bundle = Files.copy(FIXTURES.resolve("cbs/package-not-found-0x80070490.log"), folder.resolve("CBS.log"));
        Path scratch = folder.resolve("scratch");
        ChildJvmAnalyzer children =
                new ChildJvmAnalyzer(DiagnosisChild.class.getName(), "256m", scratch, SERVER_JAR.toString());
        try (WarmAnalyzer warm = new WarmAnalyzer(children, scratch, null)) {
            assertThat(warm.prepare(Duration.ofMinutes(2))).isTrue();
            List<Long> prepared = warm.idleWorkers();
            assertThat(prepared).as("the warm-up leaves a worker waiting").hasSize(1);

            Analysis first = warm.analyze(bundle, Locale.ENGLISH, Duration.ofMinutes(2));
            Analysis second = warm.analyze(bundle, Locale.ENGLISH, Duration.ofMinutes(2));

            assertThat(warm.idleWorkers()).isEqualTo(prepared);
            assertThat(ProcessHandle.of(prepared.get(0))
                            .flatMap(p -> p.info().arguments())
                            .map(List::of)
                            .orElse(List.of()))
                    .as("the worker runs from the extraction, with the class archive")
                    .anyMatch(flag -> flag.startsWith("-XX:SharedArchiveFile="))
                    .contains(AnalysisWorker.class.getName());
            Analysis child = children.analyze(bundle, Locale.ENGLISH, Duration.ofMinutes(2));
            assertThat(first.reports()).isEqualTo(child.reports());
            assertThat(second.reports()).isEqualTo(child.reports());
            assertThat(first.findings()).isEqualTo(child.findings());
        }
    }

    private static Path onlyEntry(Path dir) throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> all = entries.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
