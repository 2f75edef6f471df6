package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.EventSink;
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
}
