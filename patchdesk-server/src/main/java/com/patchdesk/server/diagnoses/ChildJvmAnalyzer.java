package com.patchdesk.server.diagnoses;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs each analysis in a child JVM with its own heap limit, so that a hostile or enormous bundle (zip bomb,
 * pathological log) can at worst exhaust the child, which is killed at the timeout; the server stays healthy.
 *
 * <p>The child runs {@code mainClass} from the server's own classpath: from an unpacked classpath (tests, IDE) with
 * {@code java -cp}; from the executable server jar, once extracted ({@link ExtractedRuntime}), with {@code java -cp}
 * and a class archive, or, should the extraction fail, through Spring Boot's {@code PropertiesLauncher}. The child
 * writes {@code analysis.json} ({@link ChildResult}) and a {@code report-LANG.json} per language into a scratch folder and exits 0, or
 * writes {@code rejected.txt} and exits {@value #EXIT_REJECTED} when the bundle as a whole cannot be read.
 */
final class ChildJvmAnalyzer implements BundleAnalyzer {

    /** Not 3: the JVM exits with 3 on -XX:+ExitOnOutOfMemoryError. 65 is sysexits EX_DATAERR. */
    static final int EXIT_REJECTED = 65;
    /** Children, and the extraction of the server jar for them, run on the server's own Java. */
    static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final String mainClass;
    private final String maxHeap;
    private final Path scratch;
    private final String classPath;
    /** The executable jar extracted for the children, when the server runs from one. */
    private final ExtractedRuntime runtime;

    private final JsonMapper json = JsonMapper.builder().build();
    /** The folder of an uploaded update catalog, given to each child; null: the engine's default folder. */
    private final Path catalogDir;

    ChildJvmAnalyzer(String mainClass, String maxHeap, Path scratch) throws IOException {
        this(mainClass, maxHeap, scratch, System.getProperty("java.class.path"));
    }

    /** As above; each child uses the newer of the shipped catalog and the one installed in {@code catalogDir}. */
    ChildJvmAnalyzer(String mainClass, String maxHeap, Path scratch, Path catalogDir) throws IOException {
        this(mainClass, maxHeap, scratch, System.getProperty("java.class.path"), catalogDir);
    }

    /** As the server's own class path would: {@code classPath} is an executable jar or a plain class path. */
    ChildJvmAnalyzer(String mainClass, String maxHeap, Path scratch, String classPath) throws IOException {
        this(mainClass, maxHeap, scratch, classPath, null);
    }

    private ChildJvmAnalyzer(String mainClass, String maxHeap, Path scratch, String classPath, Path catalogDir)
            throws IOException {
        this.catalogDir = catalogDir;
        this.mainClass = mainClass;
        this.maxHeap = maxHeap;
        this.scratch = Files.createDirectories(scratch);
        this.classPath = classPath;
        this.runtime =
                isBootJar(classPath) ? new ExtractedRuntime(Path.of(classPath), this.scratch.resolve("runtime")) : null;
    }

    @Override
    public Analysis analyze(Path bundle, Locale locale, Duration timeout) throws IOException, BundleRejectedException {
        Path out = Files.createTempDirectory(scratch, "analysis-");
        ExtractedRuntime.Start start = runtime == null ? null : runtime.start(mainClass, true);
        boolean endedWell = false;
        try {
            // Run beside the bundle and name it relatively, so the report names the upload, not a scratch path.
            Process child = new ProcessBuilder(command(bundle, out, locale, start))
                    .directory(bundle.toAbsolutePath().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.resolve("child.log").toFile())
                    .start();
            boolean finished;
            try {
                finished = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("the analysis was interrupted", e);
            }
            if (!finished) {
                stop(child);
                throw tookTooLong(timeout);
            }
            endedWell = child.exitValue() == 0;
            return outcome(child.exitValue(), out);
        } finally {
            if (start != null) {
                start.ended(endedWell);
            }
            FileSystemUtils.deleteRecursively(out);
        }
    }

    /** What a child that ended with {@code exit} left in {@code out}. */
    Analysis outcome(int exit, Path out) throws IOException, BundleRejectedException {
        return switch (exit) {
            case 0 -> read(out);
            case EXIT_REJECTED -> throw rejected(out);
            default -> crashed(exit, out);
        };
    }

    /**
     * A child that analyses an upload while it is written to {@code growing}, in a folder of its own where the
     * complete upload is to be put as {@code name} ({@link ArrivingAnalysis#complete}); it gives up when no byte
     * arrives for {@code idle}. It gets the large input's flags: its size is not known yet, and only uploads past
     * {@code patchdesk.diagnosis.arriving-from} get one.
     */
    @Override
    public ArrivingAnalysis startArriving(Path growing, long readable, String name, Locale locale, Duration idle)
            throws IOException {
        Path folder = Files.createTempDirectory(scratch, ArrivingAnalysis.FOLDER_PREFIX);
        ExtractedRuntime.Start start = null;
        try {
            // Told before the child starts: it never reads past what is final (GrowingFile).
            ArrivingAnalysis.tell(folder, ArrivingAnalysis.READABLE_FILE, readable);
            // The upload's own folder, which holds nothing but it: no upload name reaches the size file or the output.
            Path bundles = Files.createDirectory(folder.resolve(ArrivingAnalysis.BUNDLE_FOLDER));
            Path out = Files.createDirectory(folder.resolve("out"));
            start = runtime == null ? null : runtime.start(mainClass, true);
            List<String> command = jvm(AnalysisJvmFlags.STANDARD.forInput(Long.MAX_VALUE), start, mainClass);
            command.add(DiagnosisChild.ARRIVING);
            command.add(
                    folder.resolve(ArrivingAnalysis.SIZE_FILE).toAbsolutePath().toString());
            command.add(Long.toString(idle.toSeconds()));
            command.add(name);
            command.add(out.toAbsolutePath().toString());
            command.add(locale.toLanguageTag());
            // The growing file is opened here, now, as the child's standard input: the upload may end, and its file
            // be moved or deleted, before the child JVM has started (GrowingFile).
            Process child = new ProcessBuilder(command)
                    .directory(bundles.toFile())
                    .redirectInput(growing.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.resolve("child.log").toFile())
                    .start();
            return new ArrivingAnalysis(this, child, folder, out, bundles.resolve(name), start, readable);
        } catch (IOException | RuntimeException e) {
            if (start != null) {
                start.ended(false);
            }
            FileSystemUtils.deleteRecursively(folder);
            throw e;
        }
    }

    /** In the analyses folder, beside the children's folders, so that the copy is moved into one, not copied. */
    @Override
    public Path arrivingCopy() throws IOException {
        return Files.createTempFile(scratch, ArrivingAnalysis.FOLDER_PREFIX, ".copy");
    }

    /** The small failing CBS.log the warm-up analyses (the engine's fixture of a KB5032196 resolve failure). */
    static final String WARM_UP_LOG = "warm-up-CBS.log";

    /**
     * Does ahead of the first upload what the first analysis child after a start would otherwise pay for: extracting
     * the server jar and recording the class archive, by analysing a small failing log. Only when children start from
     * the executable jar (there is nothing to prepare otherwise); false when it did nothing or failed (logged by the
     * caller: an analysis then prepares as before).
     */
    @Override
    public boolean prepare(Duration timeout) throws IOException {
        if (runtime == null) {
            return false;
        }
        Path folder = Files.createTempDirectory(scratch, "warm-up-");
        try (InputStream log = ChildJvmAnalyzer.class.getResourceAsStream(WARM_UP_LOG)) {
            if (log == null) {
                throw new IOException(WARM_UP_LOG + " is missing from the classpath");
            }
            Path bundle = folder.resolve("CBS.log");
            Files.copy(log, bundle);
            return !analyze(bundle, Locale.ENGLISH, timeout).findings().isEmpty();
        } catch (BundleRejectedException e) {
            throw new IOException("the warm-up analysis was rejected: " + e.getMessage(), e);
        } finally {
            FileSystemUtils.deleteRecursively(folder);
        }
    }

    /** Kills the child and waits until it is gone, so no analysis outlives its diagnosis. */
    private static void stop(Process child) throws IOException {
        try {
            if (!child.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("the analysis process " + child.pid() + " did not stop when killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the analysis process", e);
        }
    }

    /** The bundle took longer than {@code timeout}; its analysis was stopped. */
    static BundleRejectedException tookTooLong(Duration timeout) {
        return new BundleRejectedException("the analysis took longer than " + describe(timeout)
                + " and was stopped; the bundle may be too large or malformed");
    }

    /** The bundle as a whole could not be read: why, as the analysis wrote it into {@code out}. */
    static BundleRejectedException rejected(Path out) throws IOException {
        return new BundleRejectedException(Files.readString(out.resolve("rejected.txt"), StandardCharsets.UTF_8)
                .strip());
    }

    /** The analysis ran out of the memory it may use: a property of the bundle, not retried. */
    BundleRejectedException outOfMemory() {
        return new BundleRejectedException("the analysis needed more than the " + maxHeap
                + " of memory it may use; the bundle may be a zip bomb or far larger than usual");
    }

    /** The analysis's output in {@code out}: the summary and a report per language. */
    Analysis read(Path out) throws IOException {
        ChildResult result = json.readValue(out.resolve("analysis.json").toFile(), ChildResult.class);
        Map<String, String> reports = new LinkedHashMap<>();
        for (Locale language : DiagnosisChild.REPORT_LANGUAGES) {
            reports.put(
                    language.toLanguageTag(),
                    Files.readString(out.resolve(DiagnosisChild.reportFile(language)), StandardCharsets.UTF_8));
        }
        return new Analysis(
                reports,
                result.outcome(),
                result.findings(),
                result.filesRead(),
                result.skipped(),
                json.writeValueAsString(result.summary()));
    }

    /** A crash for lack of memory is a property of the bundle (rejected, not retried); anything else may pass. */
    private Analysis crashed(int exit, Path out) throws IOException, BundleRejectedException {
        String log = Files.readString(out.resolve("child.log"), StandardCharsets.UTF_8);
        if (log.contains("OutOfMemoryError")) {
            throw outOfMemory();
        }
        throw new IOException("the analysis process exited with code " + exit + ": " + tail(log));
    }

    /** The end of an analysis JVM's log, where a crash's reason is. */
    static String tail(String log) {
        return (log.length() > 1500 ? log.substring(log.length() - 1500) : log).strip();
    }

    /**
     * The child's command line; it runs in the bundle's folder and is given the bundle's file name. It starts from the
     * extracted jar when there is one ({@code start}), else from the server's class path.
     */
    private List<String> command(Path bundle, Path out, Locale locale, ExtractedRuntime.Start start) {
        List<String> command = jvm(compilerAndCollector(bundle), start, mainClass);
        command.add(bundle.getFileName().toString());
        command.add(out.toAbsolutePath().toString());
        command.add(locale.toLanguageTag());
        return command;
    }

    /**
     * The command line of a warm analysis worker ({@link AnalysisWorker}, {@link WarmAnalyzer}): the children's heap
     * limit, parent watch and catalog, the collector flags of {@code analysis-jvm.conf}'s {@code warm_worker} and
     * {@code always} lines, and the JIT's defaults (C1 and C2): a
     * worker lives for many bundles, and once compiled by C2 the engine analyses a typical bundle with a third less
     * CPU than C1 alone (docs/performance-history.md, "Bundles per hour (issue 16, 2026-12-05)"). From the extracted
     * jar's class archive when there is one; a worker never records it (a recording is kept only when its JVM exits).
     */
    List<String> workerCommand() {
        ExtractedRuntime.Start start = runtime == null ? null : runtime.start(AnalysisWorker.class.getName(), false);
        return jvm(AnalysisJvmFlags.STANDARD.forWarmWorker(), start, AnalysisWorker.class.getName());
    }

    private List<String> jvm(List<String> compilerAndCollector, ExtractedRuntime.Start start, String main) {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.add("-Xmx" + maxHeap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(compilerAndCollector);
        command.add("-Dfile.encoding=UTF-8");
        command.add("-D" + ParentProcessWatch.PARENT_PID + "="
                + ProcessHandle.current().pid());
        if (catalogDir != null) {
            // The engine's property name (CatalogFolder.PROPERTY); this package does not link the engine.
            command.add("-Dpatchdesk.catalog.dir=" + catalogDir.toAbsolutePath());
        }
        if (start != null) {
            command.addAll(start.jvmFlagsAndClassPath());
        } else {
            command.add("-cp");
            command.add(classPath);
            if (runtime != null) {
                command.add("-Dloader.main=" + main);
                command.add(BOOT_LAUNCHER);
            } else {
                command.add(main);
            }
        }
        return command;
    }

    /**
     * The flags the {@code patchdesk} launcher gives a command-line analysis, from the one file both read
     * ({@code analysis-jvm.conf} of the engine; why these values: docs/performance.md).
     */
    static List<String> compilerAndCollector(Path bundle) {
        long size;
        try {
            size = Files.size(bundle);
        } catch (IOException e) {
            size = 0;
        }
        return AnalysisJvmFlags.STANDARD.forInput(size);
    }

    private static boolean isBootJar(String classPath) {
        if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (var jar = new java.util.jar.JarFile(classPath)) {
            return jar.getEntry("BOOT-INF/") != null || jar.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(Duration timeout) {
        return timeout.toSeconds() >= 60 ? timeout.toMinutes() + " min" : timeout.toSeconds() + " s";
    }

    /** The child's summary of the analysis, next to the engine's own report. */
    record ChildResult(
            String outcome, int filesRead, List<String> skipped, List<StoredFinding> findings, Summary summary) {}

    /** The diagnosis in the case's language, for templates: headline, findings with evidence, remediation plan. */
    record Summary(String headline, List<String> findings, List<String> plan) {}
}
