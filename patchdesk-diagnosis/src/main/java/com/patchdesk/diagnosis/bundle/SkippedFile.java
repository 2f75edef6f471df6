package com.patchdesk.diagnosis.bundle;

/**
 * A file of the bundle that was not read, and why (no reader recognised it, it is binary, it was cut
 * off by a size cap, it is encrypted, its path tried to leave the bundle, ...). Skipping is never an error for
 * the customer; a file skipped because a reader threw ({@link #readerFailed}) is the engine's defect, and the
 * evaluation fails the case that shows it ({@link #readerDefect()}).
 */
public record SkippedFile(String path, String reason) {

    private static final String READER_FAILED = "reader failed (";

    /** A reader threw on this file: what it read before was kept, the rest of the file was not read. */
    public static SkippedFile readerFailed(String path, RuntimeException e, String description) {
        return new SkippedFile(
                path,
                READER_FAILED + e.getClass().getSimpleName() + ": " + description + "); what was read before was kept");
    }

    /** Whether the file was skipped for a reader's defect rather than for what the file is. */
    public boolean readerDefect() {
        return reason.startsWith(READER_FAILED);
    }
}
