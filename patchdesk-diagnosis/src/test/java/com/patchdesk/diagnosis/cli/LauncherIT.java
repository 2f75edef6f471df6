package com.patchdesk.diagnosis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code patchdesk} launcher script over the packaged CLI jar (run by failsafe after {@code package}): the Java
 * it picks, its start-up cache (an AOT cache from Java 25 on, an AppCDS archive before), and that stdout carries the
 * report alone whatever the JVM has to say.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("patchdesk.launcher", "../patchdesk"));
    private static final String SAMPLE = "src/test/resources/cbs/package-not-found-0x80070490.log";
    private static final Pattern AOT_CACHE =
            Pattern.compile("start-up cache: AOT cache (\\S+\\.aot)$", Pattern.MULTILINE);

    private record Run(int exit, String out, String err) {}

    private static Run launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("PATCHDESK_"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
            return new Run(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Run launcher(String... args) throws IOException, InterruptedException {
        return launcher(Map.of(), args);
    }

    private static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void assertJsonReport(Run run) {
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(run.out())
                        .get("schema")
                        .asString())
                .isEqualTo("patchdesk.diagnosis/1");
    }

    @Test
    void theReportIsTheSameOnTheLaunchersJavaAndOnTheJavaOfTheBuild() throws Exception {
        Run picked = launcher("analyze", SAMPLE, "--format", "json");
        Run build = launcher(Map.of("PATCHDESK_JAVA", thisJava()), "analyze", SAMPLE, "--format", "json");

        assertJsonReport(picked);
        assertJsonReport(build);
        assertThat(picked.out()).isEqualTo(build.out());
        assertThat(picked.out()).contains("\"0x80070490\"");
    }

    @Test
    void theStartUpCacheIsMadeOnceAndThenUsed() throws Exception {
        assertJsonReport(launcher("analyze", SAMPLE, "--format", "json"));

        Run second = launcher("analyze", SAMPLE, "--format", "json");
        Run info = launcher("java-info");

        assertJsonReport(second);
        assertThat(second.err()).doesNotContain("preparing");
        Matcher aot = AOT_CACHE.matcher(info.out());
        if (aot.find()) {
            assertThat(Path.of(aot.group(1))).isRegularFile();
        } else {
            assertThat(info.out()).containsPattern("start-up cache: AppCDS archive \\S+\\.jsa$");
        }
    }

    @Test
    void aDamagedCacheIsReportedOnStderrAndTheReportStillComes() throws Exception {
        assertJsonReport(launcher("analyze", SAMPLE, "--format", "json"));
        Matcher aot = AOT_CACHE.matcher(launcher("java-info").out());
        if (!aot.find()) {
            return; // no Java 25 here: the AppCDS path is covered above
        }
        Path cache = Path.of(aot.group(1));
        Path kept = Files.createTempFile("patchdesk", ".aot");
        Files.copy(cache, kept, StandardCopyOption.REPLACE_EXISTING);
        try {
            try (var channel = java.nio.channels.FileChannel.open(cache, java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(Files.size(cache) / 3);
            }
            Files.setLastModifiedTime(cache, FileTime.from(Instant.now()));

            Run run = launcher("analyze", SAMPLE, "--format", "json");

            assertJsonReport(run);
            assertThat(run.err()).contains("AOT cache");
        } finally {
            Files.copy(kept, cache, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(cache, FileTime.from(Instant.now()));
            Files.delete(kept);
        }
    }

    /**
     * A Java 25 whose training run fails (here a stand-in that refuses to write an AOT cache and otherwise is the
     * build's Java): the analysis still comes, the failure is kept beside the jar, and later runs do not train again.
     */
    @Test
    void aFailedTrainingIsReportedOnceAndNotRetriedOnEveryRun(@TempDir Path jdk) throws Exception {
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.0-stand-in\"\n");
        Path java = jdk.resolve("bin/java");
        Files.writeString(
                java,
                "#!/usr/bin/env bash\n"
                        + "for a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*) echo 'no cache here' >&2; exit 1 ;; esac; done\n"
                        + "exec '" + thisJava() + "' \"$@\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Map<String, String> env = Map.of("PATCHDESK_JAVA", java.toString());
        Path marker = null;
        try {
            Run first = launcher(env, "analyze", SAMPLE, "--format", "json");
            Run second = launcher(env, "analyze", SAMPLE, "--format", "json");
            Run info = launcher(env, "java-info");

            assertJsonReport(first);
            assertThat(first.err()).contains("preparing", "the training run failed");
            assertJsonReport(second);
            assertThat(second.err()).isEmpty();
            Matcher failed = Pattern.compile("start-up cache: none \\(training failed, see (\\S+)\\)")
                    .matcher(info.out());
            assertThat(failed.find()).as(info.out()).isTrue();
            marker = Path.of(failed.group(1));
            assertThat(Files.readString(marker)).contains("no cache here");
        } finally {
            if (marker != null) {
                Files.deleteIfExists(marker);
            }
        }
    }

    @Test
    void exitCodesAreTheCommandsAndStdoutStaysEmptyOnFailure() throws Exception {
        Run missing = launcher("analyze", "no/such/bundle.zip", "--format", "json");
        Run noPath = launcher("analyze", "--format", "json");

        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).contains("cannot read");
        assertThat(missing.out()).isEmpty();
        assertThat(noPath.exit()).isEqualTo(2);
        assertThat(noPath.out()).isEmpty();
    }

    @Test
    void javaInfoNamesAJavaOfVersion17OrLater() throws Exception {
        Run info = launcher("java-info");

        assertThat(info.exit()).isZero();
        Matcher version = Pattern.compile("^java: \\S+ \\((\\d+)[.)\\d]").matcher(info.out());
        assertThat(version.find()).as(info.out()).isTrue();
        assertThat(Integer.parseInt(version.group(1))).isGreaterThanOrEqualTo(17);
    }
}
