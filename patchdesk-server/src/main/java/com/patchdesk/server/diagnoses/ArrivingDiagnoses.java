package com.patchdesk.server.diagnoses;

import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.files.ArrivingUploads;
import com.patchdesk.server.files.CaseFile;
import com.patchdesk.server.files.CaseFiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts analysing a large upload while it arrives: once {@code patchdesk.diagnosis.arriving-from} of it is written,
 * an analysis child ({@link ArrivingAnalysis}) follows the upload's file, so that when the upload is stored most of
 * the analysis is done: over a line slower than the analysis (about 200 MB/s here) the findings of a 1 GiB bundle are
 * stored about a second after its last byte instead of six; over loopback the upload and the child share the cores
 * and the gain is half a second (docs/performance-history.md, "Eighth pass"). The diagnosis job of the stored file
 * {@linkplain #claim claims} the child instead of starting one; a job run elsewhere (another server) or never leaves it
 * unclaimed, and it is stopped after the analysis timeout. At most {@code arriving-analyses} children at once: further
 * uploads are analysed after they are stored, as every upload was before. A child whose upload pauses for
 * {@code arriving-idle} (a resumable upload whose sender went away for the night) is stopped, so that it does not hold
 * a child's place meanwhile; the upload gets a new child when it goes on.
 */
@Component
class ArrivingDiagnoses implements ArrivingUploads {

    private static final Logger log = LoggerFactory.getLogger(ArrivingDiagnoses.class);
    private static final String METER = "patchdesk.diagnosis.arriving";

    private final BundleAnalyzer analyzer;
    private final CaseFiles files;
    private final long from;
    private final Duration timeout;
    private final Duration idle;
    private final Semaphore children;
    private final boolean enabled;
    private final MeterRegistry meters;
    /** Children whose upload is stored, by the stored file's id, until their diagnosis claims them. */
    private final Map<Long, Stored> unclaimed = new ConcurrentHashMap<>();
    /** Uploads a child follows while they arrive, for the sweep of those that paused. */
    private final Set<Following> following = ConcurrentHashMap.newKeySet();

    ArrivingDiagnoses(
            @Qualifier("bundleAnalyzer") BundleAnalyzer analyzer,
            CaseFiles files,
            DiagnosisProperties settings,
            ObjectProvider<MeterRegistry> meters) {
        this.analyzer = analyzer;
        this.files = files;
        this.from = Math.max(1, settings.arrivingFrom().toBytes());
        this.timeout = settings.timeout();
        this.idle = settings.arrivingIdle();
        this.enabled = settings.arrivingAnalyses() > 0;
        this.children = new Semaphore(Math.max(0, settings.arrivingAnalyses()));
        // Counted without an actuator's registry too: the counts are also the tests' view of what happened.
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    @Override
    public Arrival arriving(CaseRef ref, String name, long declaredBytes) {
        // An upload its sender says is smaller than where a child would start is not followed (nor copied, with S3).
        return enabled && (declaredBytes < 0 || declaredBytes >= from)
                ? new Following(name, ref.language())
                : Arrival.IGNORED;
    }

    /**
     * The child that read the upload stored as {@code fileId}, if one did and the diagnosis is in the language it
     * was started in; the caller then owns it ({@link ArrivingAnalysis#result} or {@link ArrivingAnalysis#cancel}).
     */
    Optional<ArrivingAnalysis> claim(long fileId, Locale language) {
        Stored stored = unclaimed.remove(fileId);
        if (stored == null) {
            return Optional.empty();
        }
        if (!stored.language().equals(language)) {
            stored.analysis().cancel();
            count("language-changed");
            return Optional.empty();
        }
        return Optional.of(stored.analysis());
    }

    /** Whether a child of this server read the upload stored as {@code fileId} and waits for its diagnosis. */
    boolean following(long fileId) {
        return unclaimed.containsKey(fileId);
    }

    /** Counts how an arriving analysis ended: {@code patchdesk.diagnosis.arriving{outcome=...}}. */
    void count(String outcome) {
        meters.counter(METER, "outcome", outcome).increment();
    }

    /** How many arriving analyses ended with {@code outcome} since the start. */
    long counted(String outcome) {
        return (long) meters.counter(METER, "outcome", outcome).count();
    }

    /**
     * Stops children whose stored upload no diagnosis of this server claimed within the analysis timeout, and those
     * whose upload has written nothing for {@code arriving-idle}.
     */
    @Scheduled(fixedDelayString = "${patchdesk.diagnosis.arriving-sweep:PT1M}")
    void expire() {
        if (!idle.isZero()) {
            stopIdle(idle);
        }
        Instant before = Instant.now().minus(timeout);
        for (Map.Entry<Long, Stored> entry : unclaimed.entrySet()) {
            // Stopped only if this removes it: a diagnosis claiming it meanwhile owns it.
            if (entry.getValue().at().isBefore(before) && unclaimed.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().analysis().cancel();
                count("unclaimed");
            }
        }
    }

    /** Places free for a child that follows an upload. */
    int freeChildren() {
        return children.availablePermits();
    }

    /** Stops the children of uploads that have written nothing for {@code idleFor}. */
    void stopIdle(Duration idleFor) {
        long now = System.nanoTime();
        for (Following upload : following) {
            upload.stopIfIdle(now, idleFor.toNanos());
        }
    }

    private record Stored(ArrivingAnalysis analysis, Locale language, Instant at) {}

    /**
     * One upload, told by the blob store's put on the request thread: a child once enough is written. Its methods are
     * synchronized: the sweep of paused uploads runs on another thread.
     */
    private final class Following implements Arrival {

        private final String name;
        private final Locale language;
        private ArrivingAnalysis analysis;
        private boolean passed;
        /** The copy of an upload to a store that keeps no local file (S3), ours to move or delete; null when none. */
        private Path copy;
        /** The file the child follows, as {@link #written} last named it. */
        private Path followed;
        /**
         * {@link System#nanoTime} of the latest sign of the upload: a {@link #written}, or the followed file seen
         * grown by the sweep (a resumable upload's part is told only once it has all come, which over a slow line may
         * take longer than {@code arriving-idle}).
         */
        private long lastWritten = System.nanoTime();
        /** The followed file's size as the sweep last saw it. */
        private long sizeSwept = -1;
        /** Stored or dropped: nothing more to follow, whatever the sweep holds of it. */
        private boolean over;

        Following(String name, Locale language) {
            this.name = name;
            this.language = language;
        }

        @Override
        public synchronized void written(Path file, long bytes) {
            followed = file;
            lastWritten = System.nanoTime();
            if (analysis != null) {
                tellReadable(bytes);
                return;
            }
            if (passed || bytes < from) {
                return;
            }
            passed = true; // one try per upload: a refusal or failure below is not repeated every megabyte
            if (!children.tryAcquire()) {
                count("no-free-child");
                return;
            }
            try {
                analysis = analyzer.startArriving(file, bytes, ScratchName.of(name), language, timeout);
            } catch (IOException | RuntimeException e) {
                log.warn("could not start analysing the upload {} as it arrives; it is analysed once stored", name, e);
            }
            if (analysis == null) {
                children.release();
            } else {
                analysis.ended().whenComplete((process, failure) -> children.release());
                following.add(this);
                count("started");
                log.info("analysing the upload {} as it arrives, from its first {} bytes", name, bytes);
            }
        }

        /**
         * Stops the child if the upload has written nothing since {@code idleNanos} before {@code now}. Without a copy
         * of its own (S3's), the upload may start a new child when more of it comes, which reads it from its start.
         */
        synchronized void stopIfIdle(long now, long idleNanos) {
            if (over || analysis == null || analysis.ended().isDone()) {
                following.remove(this); // ended otherwise: stored, dropped, or its child failed or timed out
                return;
            }
            long size = sizeOf(followed);
            if (size != sizeSwept) {
                sizeSwept = size; // grown since the sweep before: still arriving
                lastWritten = Math.max(lastWritten, now);
                return;
            }
            if (now - lastWritten < idleNanos) {
                return;
            }
            following.remove(this);
            analysis.cancel();
            count("idle");
            log.info(
                    "stopped the analysis of the upload {}: nothing arrived for {} s", name, idleNanos / 1_000_000_000);
            analysis = null;
            passed = copy != null;
        }

        private static long sizeOf(Path file) {
            try {
                return file == null ? -1 : Files.size(file);
            } catch (IOException gone) {
                return -1;
            }
        }

        /** The child reads up to what is written; one that cannot be told is stopped (it would wait in vain). */
        private void tellReadable(long bytes) {
            if (analysis.ended().isDone()) {
                return;
            }
            try {
                analysis.readable(bytes);
            } catch (IOException | RuntimeException e) {
                log.warn("the analysis that follows the upload {} is given up; it is analysed once stored", name, e);
                analysis.cancel();
                count("failed");
            }
        }

        /** No copy while no child could follow it: the copy of an upload nothing reads is only a cost. */
        @Override
        public synchronized Path copyTo() throws IOException {
            if (children.availablePermits() == 0) {
                return null;
            }
            copy = analyzer.arrivingCopy();
            return copy;
        }

        /** Until the child would have started while one could, and then only while one follows it. */
        @Override
        public synchronized boolean copyWanted() {
            return passed ? analysis != null && !analysis.ended().isDone() : children.availablePermits() > 0;
        }

        @Override
        public synchronized void stored(CaseFile file) {
            following.remove(this);
            over = true;
            if (analysis == null) {
                deleteCopy();
                return;
            }
            if (analysis.ended().isDone()) {
                // Ended before it was told the size: it failed or was stopped (a resumable upload idle too long).
                analysis.cancel();
                count("ended-early");
                deleteCopy();
                return;
            }
            try {
                if (copy != null) {
                    placeCopy(file);
                } else if (!linkFollowed(file)) {
                    BundlePlacement.place(files, file, analysis.bundle());
                }
                analysis.complete(file.size());
                unclaimed.put(file.id(), new Stored(analysis, language, Instant.now()));
            } catch (IOException | RuntimeException e) {
                log.warn("the analysis that followed the upload {} is given up; it is analysed once stored", name, e);
                analysis.cancel();
                count("failed");
            } finally {
                deleteCopy();
            }
        }

        /**
         * With a store that keeps no local file (S3), the file the child followed as the complete file, when it is still
         * there whole: a resumable upload's assembled parts, removed only once the upload is stored. A link to it
         * rather than a download of what was just uploaded; false when there is none to link.
         */
        private boolean linkFollowed(CaseFile file) {
            if (followed == null || files.localFile(file).isPresent()) {
                return false;
            }
            try {
                if (Files.size(followed) != file.size()) {
                    return false;
                }
                Files.createLink(analysis.bundle(), followed);
                return true;
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false;
            }
        }

        /**
         * The copy becomes the complete file the child checks its reading against: moved, not copied again, since it
         * is the child's standard input too. The store wrote the same bytes it stored, unless the copy was given up.
         */
        private void placeCopy(CaseFile file) throws IOException {
            long copied = Files.size(copy);
            if (copied != file.size()) {
                throw new IOException(
                        "the copy of the upload was given up at " + copied + " of " + file.size() + " bytes");
            }
            Files.move(copy, analysis.bundle());
            copy = null;
        }

        @Override
        public synchronized void dropped() {
            following.remove(this);
            over = true;
            if (analysis != null) {
                analysis.cancel();
                count("dropped");
            }
            deleteCopy();
        }

        private void deleteCopy() {
            if (copy == null) {
                return;
            }
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                // Left for the next start of the server (AbandonedDiagnoses), as a dead child's folder would be.
                log.warn("could not remove the copy {} of the upload {}: {}", copy, name, e.toString());
            }
            copy = null;
        }
    }
}
