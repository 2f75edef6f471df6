package com.patchdesk.diagnosis.bundle;

/**
 * Caps that keep a hostile or broken bundle from exhausting disk, memory or time.
 *
 * @param maxTotalBytes          uncompressed bytes a whole scan may read, over all files
 * @param maxEntries             zip entries looked at per archive; the rest are listed as skipped
 * @param maxCompressionRatio    an entry that expands more than this many times its stored size ...
 * @param ratioCheckAboveBytes   ... once it has produced this many bytes is treated as a zip bomb
 * @param maxLineChars           characters kept of one line; the rest of an over-long line is dropped
 * @param nestedZipInMemoryBytes a nested zip up to this size is opened in memory, a larger one from a temp file
 */
public record BundleLimits(
        long maxTotalBytes,
        int maxEntries,
        int maxCompressionRatio,
        long ratioCheckAboveBytes,
        int maxLineChars,
        long nestedZipInMemoryBytes) {

    public BundleLimits {
        if (maxTotalBytes < 1
                || maxEntries < 1
                || maxCompressionRatio < 1
                || ratioCheckAboveBytes < 0
                || maxLineChars < 80
                || nestedZipInMemoryBytes < 0) {
            throw new IllegalArgumentException("bundle limits must be positive (and lines at least 80 chars)");
        }
    }

    /** 8 GiB in total, 20,000 entries per archive, 200:1 over 1 MiB, 16,384 chars a line, nested zips up to 32 MiB in memory. */
    public static BundleLimits defaults() {
        return new BundleLimits(8L << 30, 20_000, 200, 1L << 20, 16_384, 32L << 20);
    }

    public BundleLimits withMaxTotalBytes(long bytes) {
        return new BundleLimits(
                bytes, maxEntries, maxCompressionRatio, ratioCheckAboveBytes, maxLineChars, nestedZipInMemoryBytes);
    }

    public BundleLimits withMaxEntries(int entries) {
        return new BundleLimits(
                maxTotalBytes,
                entries,
                maxCompressionRatio,
                ratioCheckAboveBytes,
                maxLineChars,
                nestedZipInMemoryBytes);
    }

    public BundleLimits withNestedZipInMemoryBytes(long bytes) {
        return new BundleLimits(
                maxTotalBytes, maxEntries, maxCompressionRatio, ratioCheckAboveBytes, maxLineChars, bytes);
    }
}
