package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child JVM really is a separate process: it is killed at the timeout, and its running out of memory stays its own. */
@Tag("slow")
class ChildJvmAnalyzerTest {

    @TempDir
    Path folder;

    @Test
    void aChildOverTheTimeoutIsKilledAndTheBundleRejected() throws Exception {
        Path bundle = Files.writeString(folder.resolve("CBS.log"), "x");
        ChildJvmAnalyzer analyzer = new ChildJvmAnalyzer(Hangs.class.getName(), "64m", folder.resolve("scratch"));
        java.util.Set<Long> childrenBefore = children();
        long started = System.nanoTime();

        assertThatThrownBy(() -> analyzer.analyze(bundle, Locale.ENGLISH, Duration.ofSeconds(3)))
                .isInstanceOf(BundleAnalyzer.BundleRejectedException.class)
                .hasMessage(
                        "the analysis took longer than 3 s and was stopped; the bundle may be too large or malformed");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(children()).as("the killed child is gone").isSubsetOf(childrenBefore);
        assertThat(Files.list(folder.resolve("scratch")).count())
                .as("scratch output removed")
                .isZero();
    }

    @Test
    void aChildThatRunsOutOfMemoryRejectsTheBundleAndTheServerCarriesOn() throws Exception {
        Path bundle = Files.writeString(folder.resolve("CBS.log"), "x");
        ChildJvmAnalyzer analyzer = new ChildJvmAnalyzer(Hoards.class.getName(), "32m", folder.resolve("scratch"));

        assertThatThrownBy(() -> analyzer.analyze(bundle, Locale.ENGLISH, Duration.ofMinutes(2)))
                .isInstanceOf(BundleAnalyzer.BundleRejectedException.class)
                .hasMessageStartingWith("the analysis needed more than the 32m of memory it may use");
    }

    @Test
    void aChildWhoseServerIsGoneStopsAtOnceInsteadOfAtItsTimeout() throws Exception {
        // The "server" is a process this test can kill; the child stands for an analysis that is still busy.
        Process server = new ProcessBuilder("sleep", "300").start();
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-D" + ParentProcessWatch.PARENT_PID + "=" + server.pid(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HangsWatchingItsServer.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("child.log").toFile())
                .start();
        try {
            assertThat(child.waitFor(3, TimeUnit.SECONDS))
                    .as("the child is busy while its server lives")
                    .isFalse();

            server.destroyForcibly().waitFor();

            assertThat(child.waitFor(20, TimeUnit.SECONDS))
                    .as("the orphaned child stopped")
                    .isTrue();
            assertThat(child.exitValue()).isEqualTo(ParentProcessWatch.EXIT_ORPHANED);
        } finally {
            child.destroyForcibly();
            server.destroyForcibly();
        }
    }

    private static java.util.Set<Long> children() {
        return ProcessHandle.current()
                .children()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** A child that never finishes. */
    public static final class Hangs {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** A child that never finishes, watching its server as {@link DiagnosisChild} does. */
    public static final class HangsWatchingItsServer {
        public static void main(String[] args) throws InterruptedException {
            ParentProcessWatch.start();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** A child that keeps everything it reads, like an analysis of a zip bomb without limits would. */
    public static final class Hoards {
        public static void main(String[] args) {
            List<byte[]> kept = new ArrayList<>();
            while (true) {
                kept.add(new byte[1 << 20]);
            }
        }
    }
}
