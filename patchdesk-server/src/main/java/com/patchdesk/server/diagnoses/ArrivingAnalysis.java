package com.patchdesk.server.diagnoses;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * An analysis child ({@link DiagnosisChild} {@code --arriving}) reading an upload while the server still writes it,
 * so that the analysis of a large upload overlaps the upload instead of following it. The child reads the upload's
 * file as it grows (its standard input, {@link GrowingFile}); once the upload is stored the server puts the complete
 * file into the child's folder under the upload's name and tells the child its size ({@link #complete}); the child then checks what it read against the
 * complete file (reading again where it cannot be sure) and writes the same output as a child given the stored file
 * would. An upload that is dropped (broken off, too large, a duplicate) {@linkplain #cancel cancels} its child.
 *
 * <p>The child's process, folder and class-archive recording are this object's until {@link #result} or
 * {@link #cancel}, whichever comes first, has cleaned them up; both may be called from any thread.
 */
final class ArrivingAnalysis {

    /** The children's folders in the analyses folder; a server that starts removes its dead ones. */
    static final String FOLDER_PREFIX = "arriving-";
    /** In the child's folder: the upload's size, once it is stored ({@link GrowingFile}). */
    static final String SIZE_FILE = "upload-size";
    /**
     * In the child's folder: how many of the upload's first bytes are final ({@link #readable}); the child reads no
     * further until the size is told.
     */
    static final String READABLE_FILE = "upload-readable";
    /** In the child's folder: the folder of the complete upload, the child's working folder. */
    static final String BUNDLE_FOLDER = "bundle";

    private final ChildJvmAnalyzer children;
    private final Process child;
    private final Path folder;
    private final Path out;
    private final Path bundle;
    private final ExtractedRuntime.Start start;
    private final AtomicBoolean over = new AtomicBoolean();
    private volatile boolean readWhileArriving;
    /** The most the child was told is final ({@link #readable}). */
    private long readable;

    ArrivingAnalysis(
            ChildJvmAnalyzer children,
            Process child,
            Path folder,
            Path out,
            Path bundle,
            ExtractedRuntime.Start start,
            long readable) {
        this.children = children;
        this.child = child;
        this.folder = folder;
        this.out = out;
        this.bundle = bundle;
        this.start = start;
        this.readable = readable;
    }

    /** Where the complete upload is to be put before {@link #complete} is called. */
    Path bundle() {
        return bundle;
    }

    /** Completes when the child process has ended, however. */
    CompletableFuture<Process> ended() {
        return child.onExit();
    }

    /**
     * The upload is stored, {@code size} bytes, and its complete file is at {@link #bundle()}: the child goes on.
     * The size is written under another name and moved into place, so the child never reads half of it.
     */
    void complete(long size) throws IOException {
        tell(folder, SIZE_FILE, size);
    }

    /**
     * The upload's first {@code bytes} are final: the child may read them ({@link GrowingFile}). A writer may have
     * written more that it can still take back (a resumable upload's request whose checksum fails). Only more than
     * was told before is told again.
     */
    synchronized void readable(long bytes) throws IOException {
        if (bytes > readable) {
            tell(folder, READABLE_FILE, bytes);
            readable = bytes;
        }
    }

    /** Writes {@code value} into {@code folder}'s {@code name} under another name, then moves it into place. */
    static void tell(Path folder, String name, long value) throws IOException {
        Path told = folder.resolve(name + ".part");
        Files.writeString(told, Long.toString(value), StandardCharsets.US_ASCII);
        Files.move(told, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The analysis, waiting for the child up to {@code timeout}; the same outcomes as
     * {@link ChildJvmAnalyzer#analyze}. Cleans up either way.
     */
    Analysis result(Duration timeout) throws IOException, BundleAnalyzer.BundleRejectedException {
        boolean endedWell = false;
        try {
            boolean finished;
            try {
                finished = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the analysis", e);
            }
            if (!finished) {
                throw ChildJvmAnalyzer.tookTooLong(timeout);
            }
            endedWell = child.exitValue() == 0;
            Path arrived = out.resolve(DiagnosisChild.ARRIVED);
            readWhileArriving = Files.exists(arrived)
                    && DiagnosisChild.READ_WHILE_ARRIVING.equals(Files.readString(arrived, StandardCharsets.UTF_8));
            return children.outcome(child.exitValue(), out);
        } finally {
            cleanUp(endedWell);
        }
    }

    /**
     * After a {@link #result}: whether the child's report came from what it read as the upload arrived (true), or
     * from reading the complete file again because it could not be sure the two agree.
     */
    boolean readWhileArriving() {
        return readWhileArriving;
    }

    /** Stops the child, if it still runs, and cleans up. */
    void cancel() {
        cleanUp(false);
    }

    /** Kills the child if it runs (waiting until it is gone, so that its folder can go) and removes the folder; once. */
    private void cleanUp(boolean endedWell) {
        if (!over.compareAndSet(false, true)) {
            return;
        }
        if (child.isAlive()) {
            child.destroyForcibly();
            try {
                child.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (start != null) {
            start.ended(endedWell);
        }
        try {
            FileSystemUtils.deleteRecursively(folder);
        } catch (IOException e) {
            // Left for the next start of the server (AbandonedDiagnoses); nothing reads it meanwhile.
            LoggerFactory.getLogger(ArrivingAnalysis.class).warn("could not remove {}: {}", folder, e.toString());
        }
    }
}
