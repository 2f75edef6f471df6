package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm analysis workers: one JVM analyses bundle after bundle with the answers a new child JVM gives, and a worker
 * that timed out, failed or may be out of date is never given another bundle.
 */
@Tag("slow")
class WarmAnalyzerTest {

    @TempDir
    Path folder;

    Path scratch;
    Path catalog;
    ChildJvmAnalyzer children;
    WarmAnalyzer warm;

    @BeforeEach
    void setUp() throws IOException {
        scratch = folder.resolve("scratch");
        catalog = Files.createDirectories(folder.resolve("catalog"));
        children = new ChildJvmAnalyzer(DiagnosisChild.class.getName(), "256m", scratch, catalog);
        warm = new WarmAnalyzer(children, scratch, catalog);
    }

    @AfterEach
    void tearDown() {
        warm.close();
    }

    @Test
    void oneWorkerAnalysesBundleAfterBundleAsANewChildWould() throws Exception {
        Path log = failingLog(folder.resolve("one"), "CBS.log");
        Path zip = zipOf(log, folder.resolve("two"), "日志包 CAS-10610.zip");

        Analysis first = warm.analyze(log, Locale.ENGLISH, Duration.ofMinutes(2));
        List<Long> worker = warm.idleWorkers();
        Analysis second = warm.analyze(zip, Locale.forLanguageTag("zh-CN"), Duration.ofMinutes(2));

        assertThat(worker).hasSize(1);
        assertThat(warm.idleWorkers())
                .as("the same process took the second bundle")
                .isEqualTo(worker);
        Analysis child = children.analyze(log, Locale.ENGLISH, Duration.ofMinutes(2));
        assertThat(first.findings()).isNotEmpty().isEqualTo(child.findings());
        assertThat(first.reports()).isEqualTo(child.reports());
        assertThat(first.summaryJson()).isEqualTo(child.summaryJson());
        assertThat(second.findings()).isEqualTo(first.findings());
        assertThat(second.reports().get("zh-CN"))
                .as("the report names the upload, not the worker's folder")
                .contains("日志包 CAS-10610.zip")
                .doesNotContain(scratch.toString());
        assertThat(analysisFolders())
                .as("no output left behind, only the waiting worker's folder")
                .singleElement()
                .matches(p -> p.getFileName().toString().startsWith("analysis-worker-"));
    }

    @Test
    void aBundleThatCannotBeDiagnosedAsOneIsRejectedAndTheWorkerTakesTheNext() throws Exception {
        Path log = failingLog(folder.resolve("good"), "CBS.log");
        // A zip of two machines' zips: the engine refuses to diagnose it as one machine.
        Path machines = Files.createDirectories(folder.resolve("fleet")).resolve("machines.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(machines))) {
            for (String pc : List.of("PC-1.zip", "PC-2.zip")) {
                zip.putNextEntry(new ZipEntry(pc));
                Files.copy(zipOf(log, folder.resolve(pc), "logs.zip"), zip);
                zip.closeEntry();
            }
        }
        warm.analyze(log, Locale.ENGLISH, Duration.ofMinutes(2));
        List<Long> worker = warm.idleWorkers();

        assertThatThrownBy(() -> warm.analyze(machines, Locale.ENGLISH, Duration.ofMinutes(2)))
                .isInstanceOf(BundleAnalyzer.BundleRejectedException.class)
                .hasMessageContaining("PC-1.zip");

        assertThat(warm.idleWorkers()).isEqualTo(worker);
        assertThat(warm.analyze(log, Locale.ENGLISH, Duration.ofMinutes(2)).findings())
                .isNotEmpty();
    }

    @Test
    void aWorkerOverTheTimeoutIsKilledAndTheNextBundleGetsANewOne() throws Exception {
        Path log = failingLog(folder.resolve("one"), "CBS.log");
        warm.analyze(log, Locale.ENGLISH, Duration.ofMinutes(2));
        long first = warm.idleWorkers().get(0);

        // Not even a warm JVM analyses a bundle within a millisecond.
        assertThatThrownBy(() -> warm.analyze(log, Locale.ENGLISH, Duration.ofMillis(1)))
                .isInstanceOf(BundleAnalyzer.BundleRejectedException.class)
                .hasMessageStartingWith("the analysis took longer than");

        assertThat(warm.idleWorkers()).isEmpty();
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false))
                .as("the timed-out worker is gone")
                .isFalse();
        assertThat(warm.analyze(log, Locale.ENGLISH, Duration.ofMinutes(2)).findings())
                .isNotEmpty();
        assertThat(warm.idleWorkers()).hasSize(1).doesNotContain(first);
        assertThat(analysisFolders())
                .hasSize(1)
                .allMatch(p -> p.getFileName().toString().startsWith("analysis-worker-"));
    }

    @Test
    void anUploadedCatalogRetiresTheWorkersThatReadTheOldOne() throws Exception {
        Path log = failingLog(folder.resolve("one"), "CBS.log");
        warm.analyze(log, Locale.ENGLISH, Duration.ofMinutes(2));
        long before = warm.idleWorkers().get(0);

        Files.writeString(catalog.resolve("catalog-note.txt"), "a new catalog was accepted");
        warm.analyze(log, Locale.ENGLISH, Duration.ofMinutes(2));

        assertThat(warm.idleWorkers()).hasSize(1).doesNotContain(before);
        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    void idleWorkersAreRetiredAndClosingStopsThemAll() throws Exception {
        Instant now = Instant.parse("2026-12-05T10:00:00Z");
        MovableClock clock = new MovableClock(now);
        try (WarmAnalyzer timed = new WarmAnalyzer(children, scratch, catalog, clock)) {
            Path log = failingLog(folder.resolve("one"), "CBS.log");
            timed.analyze(log, Locale.ENGLISH, Duration.ofMinutes(2));
            long worker = timed.idleWorkers().get(0);

            clock.now = now.plus(WarmAnalyzer.IDLE).minusSeconds(1);
            timed.retireStale();
            assertThat(timed.idleWorkers()).containsExactly(worker);

            clock.now = now.plus(WarmAnalyzer.IDLE).plusSeconds(1);
            timed.retireStale();
            assertThat(timed.idleWorkers()).isEmpty();
            assertThat(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();

            timed.analyze(log, Locale.ENGLISH, Duration.ofMinutes(2));
            long next = timed.idleWorkers().get(0);
            timed.close();
            assertThat(ProcessHandle.of(next).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
        }
        assertThat(analysisFolders()).as("the workers' folders are removed").isEmpty();
    }

    @Test
    void aWorkerHasTheChildrensHeapLimitAndCollectorButBothCompilers() {
        assertThat(children.workerCommand())
                .contains("-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Xmn16m")
                .doesNotContain("-XX:TieredStopAtLevel=1")
                .endsWith(AnalysisWorker.class.getName());
    }

    private List<Path> analysisFolders() throws IOException {
        try (Stream<Path> entries = Files.list(scratch)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("analysis-"))
                    .toList();
        }
    }

    /** The small failing CBS.log the server's warm-up analyses, under {@code name} in a folder of its own. */
    private static Path failingLog(Path into, String name) throws IOException {
        Files.createDirectories(into);
        try (InputStream log = ChildJvmAnalyzer.class.getResourceAsStream(ChildJvmAnalyzer.WARM_UP_LOG)) {
            Path file = into.resolve(name);
            Files.copy(log, file);
            return file;
        }
    }

    private static Path zipOf(Path log, Path into, String name) throws IOException {
        Files.createDirectories(into);
        Path zip = into.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream entries = new ZipOutputStream(out)) {
            entries.putNextEntry(new ZipEntry("Logs/CBS/CBS.log"));
            Files.copy(log, entries);
            entries.closeEntry();
        }
        return zip;
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
