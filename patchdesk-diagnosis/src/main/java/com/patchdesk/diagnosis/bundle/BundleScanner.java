package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.EventSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens a log bundle (a .zip, a folder, or a single file), recognises each file by its content,
 * reads it with the matching reader and sends the events to a sink. Collectors name and place files
 * differently, so names and folders are never used to decide what a file is.
 */
public final class BundleScanner {

    private BundleScanner() {}

    /** {@link #scan(Path, EventSink, BundleLimits)} with {@link BundleLimits#defaults()}. */
    public static BundleScan scan(Path input, EventSink sink) throws BundleUnreadableException {
        return scan(input, sink, BundleLimits.defaults());
    }

    /**
     * Reads everything readable under {@code input}. Files that cannot or need not be read are listed
     * in {@link BundleScan#skipped()} with the reason; that includes a corrupted zip given as input.
     *
     * @throws BundleUnreadableException only when the input as a whole cannot be opened
     */
    public static BundleScan scan(Path input, EventSink sink, BundleLimits limits) throws BundleUnreadableException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(limits, "limits");
        if (!Files.exists(input)) {
            throw new BundleUnreadableException("no such file or folder: " + input);
        }
        if (!Files.isReadable(input)) {
            throw new BundleUnreadableException("not readable: " + input);
        }
        BundleWalk walk = new BundleWalk(sink, new ScanBudget(limits));
        if (Files.isDirectory(input)) {
            walk.folder(input);
        } else if (Files.isRegularFile(input)) {
            walk.topFile(input);
        } else {
            throw new BundleUnreadableException("neither a file nor a folder: " + input);
        }
        return new BundleScan(input.toString(), walk.read(), walk.skipped());
    }

    /** {@link #scanArriving(Path, InputStream, EventSink, BundleLimits)} with {@link BundleLimits#defaults()}. */
    public static ArrivingScan scanArriving(Path input, InputStream arriving, EventSink sink) {
        return scanArriving(input, arriving, sink, BundleLimits.defaults());
    }

    /**
     * Scans the file {@code input} from its bytes as they arrive on {@code arriving}, then reads {@code arriving} to its
     * end, when {@code input} must hold exactly the bytes that came. The scan is {@linkplain ArrivingScan#confirmed()
     * confirmed} only when it is what {@link #scan(Path, EventSink, BundleLimits)} of the complete file would give:
     * for a zip, when its central directory (which comes last) lists the entries its local headers gave, in the same
     * order, at the same offsets, with the same names, methods and sizes, and their data streamed without fault; a
     * cabinet or a log is read as from disk, so it is confirmed once the file is there with as many bytes as came.
     * Anything else (a damaged zip, one whose directory disagrees with its headers, an entry that failed to inflate,
     * a scan stopped by one of {@code limits}' caps) leaves it unconfirmed, and the events sent to {@code sink} are then
     * not to be used.
     *
     * <p>{@code arriving} is read on the calling thread and on the scan's own reading threads, one at a time, and is not
     * closed.
     *
     * @throws UncheckedIOException when {@code arriving} fails before its end, even if it ends afterwards: the upload
     *                              broke off, there is no complete file to give a report of
     */
    public static ArrivingScan scanArriving(Path input, InputStream arriving, EventSink sink, BundleLimits limits) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(arriving, "arriving");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(limits, "limits");
        ScanBudget budget = new ScanBudget(limits);
        BundleWalk walk = new BundleWalk(sink, budget);
        WatchedStream watched = new WatchedStream(arriving);
        Path name = input.getFileName();
        StreamedZip zip = walk.arrivingFile(name == null ? input.toString() : name.toString(), watched);
        drain(watched);
        if (watched.failed()) {
            // Even if it ended after failing, there is no telling that the file holds all that was sent.
            throw brokeOff(watched.failure());
        }
        // The scan of the complete file refuses one that is missing or unreadable; re-scanning it says so. A cap
        // stops reading at the read that crosses it, and reads from a zip's stream are not the sizes ZipFile's are:
        // what was read before the stop may differ, so a scan a cap stopped is made again from the file.
        boolean confirmed = Files.isRegularFile(input)
                && Files.isReadable(input)
                && sizeOf(input) == watched.bytes()
                && !budget.exceeded()
                && (zip == null || zip.confirmedBy(input, limits));
        return new ArrivingScan(new BundleScan(input.toString(), walk.read(), walk.skipped()), confirmed);
    }

    private static long sizeOf(Path input) {
        try {
            return Files.size(input);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Reads what is left of the upload: only at its end is the file complete. */
    private static void drain(InputStream arriving) {
        try {
            arriving.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            throw brokeOff(e);
        }
    }

    private static UncheckedIOException brokeOff(Exception e) {
        return new UncheckedIOException(
                "the upload broke off before its end: " + e.getMessage(),
                e instanceof IOException io ? io : new IOException(e));
    }
}
