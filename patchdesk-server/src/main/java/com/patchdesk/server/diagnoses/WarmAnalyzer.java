package com.patchdesk.server.diagnoses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.util.FileSystemUtils;

/**
 * Analyses bundles in warm worker JVMs ({@link WarmWorker}) that each take many bundles, one at a time, instead of a
 * new child JVM per bundle: a new JVM pays its start and compiles the engine again for every bundle, about 40% of a
 * typical bundle's CPU (docs/performance-history.md, "Bundles per hour (issue 16, 2026-12-05)").
 * <p>
 * The child JVM's reasons hold per bundle: a worker has the children's heap limit and dies on running out of memory,
 * it is killed at a bundle's timeout, and a worker that failed in any way is never used again; so a hostile bundle
 * costs its own analysis and the start of the next worker, never another bundle's. A worker takes one bundle at a
 * time (a job thread has it to itself) and is retired after {@value #BUNDLES_PER_WORKER} bundles, after
 * {@link #LIFETIME}, when idle for {@link #IDLE}, and when the uploaded update catalog changed (a worker reads it
 * once). Bundles from {@link #WARM_BELOW_BYTES} on go to a one-shot child with the large-input flags, as before.
 */
final class WarmAnalyzer implements BundleAnalyzer, AutoCloseable {

    /**
     * A worker's start and the JIT's compiling the engine cost about 9 s of CPU: retired every 100 bundles under a
     * steady load, the workers took 15-20% more CPU a bundle than workers that live on. Its heap after a full
     * collection stays flat over 1,000 typical bundles (docs/performance-history.md, "Sixth pass"): nothing a bundle
     * leaves grows. The count is the only bound on what a bundle that did not fail could leave for the next ones.
     */
    static final int BUNDLES_PER_WORKER = 1_000;

    static final Duration LIFETIME = Duration.ofMinutes(30);
    static final Duration IDLE = Duration.ofMinutes(2);
    /** {@code analysis-jvm.conf}'s {@code c1_only_below_bytes}: from there on a bundle gets a JVM and flags of its own. */
    static final long WARM_BELOW_BYTES = AnalysisJvmFlags.STANDARD.c1OnlyBelowBytes();

    private final ChildJvmAnalyzer children;
    private final Path scratch;
    private final Supplier<String> catalogStamp;
    private final Clock clock;
    /** Idle workers, the most recently used first. */
    private final Deque<WarmWorker> idle = new ArrayDeque<>();

    private boolean closed;

    WarmAnalyzer(ChildJvmAnalyzer children, Path scratch, Path catalogDir) throws IOException {
        this(children, scratch, catalogDir, Clock.systemUTC());
    }

    /** {@code clock}: the workers' ages are real time, not the desk's clock (tests move that one). */
    WarmAnalyzer(ChildJvmAnalyzer children, Path scratch, Path catalogDir, Clock clock) throws IOException {
        this.children = children;
        this.scratch = Files.createDirectories(scratch);
        this.catalogStamp = () -> stamp(catalogDir);
        this.clock = clock;
    }

    @Override
    public Path arrivingCopy() throws IOException {
        return children.arrivingCopy();
    }

    /** A bundle still arriving is large (it passed {@code arriving-from}): a child of its own, as from that size on. */
    @Override
    public ArrivingAnalysis startArriving(Path growing, long readable, String name, Locale locale, Duration idle)
            throws IOException {
        return children.startArriving(growing, readable, name, locale, idle);
    }

    @Override
    public Analysis analyze(Path bundle, Locale locale, Duration timeout) throws IOException, BundleRejectedException {
        if (Files.size(bundle) >= WARM_BELOW_BYTES) {
            return children.analyze(bundle, locale, timeout);
        }
        WarmWorker worker = take();
        Path out = Files.createTempDirectory(scratch, "analysis-");
        boolean keep = false;
        try {
            WarmWorker.Outcome outcome = worker.analyse(bundle, out, locale, timeout);
            switch (outcome.kind()) {
                case DONE -> {
                    Analysis analysis = children.read(out);
                    keep = true;
                    return analysis;
                }
                case REJECTED -> {
                    BundleRejectedException why = ChildJvmAnalyzer.rejected(out);
                    keep = true;
                    throw why;
                }
                case TIMED_OUT -> throw ChildJvmAnalyzer.tookTooLong(timeout);
                default -> {
                    if (outcome.outOfMemory()) {
                        throw children.outOfMemory();
                    }
                    throw new IOException(outcome.why());
                }
            }
        } finally {
            FileSystemUtils.deleteRecursively(out);
            if (keep) {
                giveBack(worker);
            } else {
                worker.close();
            }
        }
    }

    /** Extracts the server jar and records the class archive (the one-shot child), then starts a worker. */
    @Override
    public boolean prepare(Duration timeout) throws IOException {
        boolean prepared = children.prepare(timeout);
        giveBack(WarmWorker.start(children.workerCommand(), scratch, catalogStamp.get(), clock));
        return prepared;
    }

    /** Retires the idle workers that may not take another bundle, so an idle server does not keep their memory. */
    @Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
    void retireStale() {
        String stamp = catalogStamp.get();
        List<WarmWorker> stale = new ArrayList<>();
        synchronized (this) {
            idle.removeIf(worker -> !fresh(worker, stamp) && stale.add(worker));
        }
        stale.forEach(WarmWorker::close);
    }

    /** The process ids of the workers that wait for a bundle, the most recently used first. */
    synchronized List<Long> idleWorkers() {
        return idle.stream().map(WarmWorker::pid).toList();
    }

    @Override
    public void close() {
        List<WarmWorker> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(idle);
            idle.clear();
        }
        all.forEach(WarmWorker::close);
    }

    private WarmWorker take() throws IOException {
        String stamp = catalogStamp.get();
        List<WarmWorker> stale = new ArrayList<>();
        WarmWorker found = null;
        synchronized (this) {
            while (found == null && !idle.isEmpty()) {
                WarmWorker worker = idle.pollFirst();
                if (fresh(worker, stamp)) {
                    found = worker;
                } else {
                    stale.add(worker);
                }
            }
        }
        stale.forEach(WarmWorker::close);
        return found != null ? found : WarmWorker.start(children.workerCommand(), scratch, stamp, clock);
    }

    private void giveBack(WarmWorker worker) {
        boolean keep;
        synchronized (this) {
            keep = !closed && fresh(worker, catalogStamp.get());
            if (keep) {
                idle.addFirst(worker);
            }
        }
        if (!keep) {
            worker.close();
        }
    }

    private boolean fresh(WarmWorker worker, String stamp) {
        Instant now = clock.instant();
        return worker.usable()
                && worker.analysed() < BUNDLES_PER_WORKER
                && worker.started().plus(LIFETIME).isAfter(now)
                && worker.lastUsed().plus(IDLE).isAfter(now)
                && worker.catalogStamp().equals(stamp);
    }

    /** What changes when an update catalog is uploaded: the catalog folder's files, their sizes and times. */
    static String stamp(Path catalogDir) {
        if (catalogDir == null || !Files.isDirectory(catalogDir)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(catalogDir)) {
            return files.filter(Files::isRegularFile)
                    .sorted()
                    .map(file -> {
                        try {
                            return file + ":" + Files.size(file) + ":"
                                    + Files.getLastModifiedTime(file).toMillis();
                        } catch (IOException e) {
                            return file + ":?";
                        }
                    })
                    .reduce("", (a, b) -> a + "|" + b);
        } catch (IOException | RuntimeException e) {
            // Unreadable now: a stamp of its own, so workers made from an older catalog are not kept.
            return "unreadable:" + System.nanoTime();
        }
    }
}
