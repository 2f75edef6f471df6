package com.patchdesk.diagnosis.bundle;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * The entries of a zip read by their local headers while its bytes are still arriving, and what the walk's decisions
 * about each one depended on, so that once the zip is complete its central directory can confirm them. A scan of the
 * complete file reads the entries the central directory lists, in its order, with the sizes and methods it states;
 * the streamed read is only as good as that one when the directory lists the same entries, at the same offsets, in the
 * same order, with the same facts, and nothing read from them failed (see {@link #confirmedBy}).
 *
 * <p>Stored entries with a data descriptor are not read: the stream would hold a whole entry in memory to find its
 * end. Such a zip (rare: writers that cannot seek deflate) is read again from the complete file.
 */
final class StreamedZip implements ZipEntries, Closeable {

    /**
     * How much of the entries the walk left unread (the rest of a log no reader recognised, say) is inflated to find
     * where the next entry starts, over the whole zip: about half a second. Beyond it the zip is read again from the
     * complete file, whose directory says where each entry starts.
     */
    static final long UNREAD_REST_BYTES = 256L << 20;

    private final ZipArchiveInputStream zip;
    private final List<Streamed> entries = new ArrayList<>();
    private Pending current;
    private long unreadRest;
    /** Why the streamed read cannot be confirmed whatever the central directory says (for a debugger); null while it can. */
    private String doubt;

    StreamedZip(InputStream in) {
        this.zip = new ZipArchiveInputStream(new BundleWalk.Unclosable(in), "UTF-8", true, false);
    }

    @Override
    public ZipArchiveEntry next() {
        if (doubt != null) {
            return null;
        }
        try {
            if (current != null && !finish(current)) {
                return null;
            }
            // Moving on skips the rest of the previous entry and reads its data descriptor, if it has one.
            ZipArchiveEntry next = zip.getNextEntry();
            if (current != null && !current.entry.isDirectory()) {
                entries.add(current.complete());
            }
            current = next == null ? null : new Pending(next, zip.canReadEntryData(next));
            return next;
        } catch (IOException | RuntimeException e) {
            return stop("the local headers could not be read: " + e.getMessage());
        }
    }

    /**
     * Done with {@code entry}: notes how much of the compressed data gave what the walk read. An entry whose end only
     * its data descriptor marks is inflated to that end here, where it is counted, rather than by the stream when
     * moving on: the walk may have left it unread because it expands without end (a bomb). False when it failed or
     * was longer than {@link #UNREAD_REST_BYTES}.
     */
    private boolean finish(Pending entry) throws IOException {
        if (entry.content != null && entry.content.failed()) {
            stop("the content of " + entry.name + " failed to stream");
            return false;
        }
        if (entry.headerCompressedSize < 0 && (entry.content == null || !entry.content.ended())) {
            byte[] scratch = new byte[8192];
            for (int n = zip.read(scratch); n >= 0; n = zip.read(scratch)) {
                unreadRest += n;
                if (unreadRest > UNREAD_REST_BYTES) {
                    stop("more than " + UNREAD_REST_BYTES + " bytes of entries with data descriptors were not read");
                    return false;
                }
            }
        }
        if (entry.content != null) {
            entry.compressedBytes = zip.getCompressedCount();
        }
        return true;
    }

    private ZipArchiveEntry stop(String why) {
        doubt = why;
        return null;
    }

    @Override
    public boolean canRead(ZipArchiveEntry entry) {
        return current != null && current.entry == entry && current.readable;
    }

    @Override
    public InputStream content(ZipArchiveEntry entry) throws IOException {
        if (current == null || current.entry != entry) {
            throw new IOException("not the current entry: " + entry.getName());
        }
        // Watched below the whole reads: a failure they hold back for the next read (after giving the bytes before
        // it) is seen here when it happens, even if the walk reads no further.
        current.content = new WatchedStream(zip);
        return new WholeReads(current.content);
    }

    /** Frees the inflater; the bytes below stay open, for the rest of the upload is still to be read to its end. */
    @Override
    public void close() throws IOException {
        zip.close();
    }

    /**
     * Whether the central directory of the complete zip at {@code input} lists exactly the entries streamed, so that
     * the walk over it would have read and skipped the same files, from the same bytes, in the same order, with the
     * same words. False when it cannot be opened (a damaged zip is salvaged, and salvage words its notes its own way).
     */
    boolean confirmedBy(Path input, BundleLimits limits) {
        if (doubt != null || current != null) {
            return false;
        }
        try (ZipFile complete = ZipFile.builder()
                .setSeekableByteChannel(Files.newByteChannel(input, StandardOpenOption.READ))
                .get()) {
            Enumeration<ZipArchiveEntry> listed = complete.getEntries();
            int i = 0;
            while (listed.hasMoreElements()) {
                ZipArchiveEntry entry = listed.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                if (i >= entries.size()
                        || !entries.get(i++).agreesWith(entry, complete.canReadEntryData(entry), limits)) {
                    return false;
                }
            }
            return i == entries.size();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** An entry being streamed (a folder too): what its local header said, and its content once the walk opened it. */
    private static final class Pending {
        final ZipArchiveEntry entry;
        final String name;
        final boolean readable;
        final long headerCompressedSize;
        WatchedStream content;
        long compressedBytes = -1;

        Pending(ZipArchiveEntry entry, boolean readable) {
            this.entry = entry;
            this.name = ZipEntryName.of(entry);
            this.readable = readable;
            this.headerCompressedSize = entry.getCompressedSize();
        }

        /** Its facts once the stream has moved past it (and read its data descriptor). */
        Streamed complete() {
            return new Streamed(
                    name,
                    entry.getRawName() == null ? null : entry.getRawName().clone(),
                    entry.getMethod(),
                    entry.getGeneralPurposeBit().usesEncryption(),
                    readable,
                    entry.getLocalHeaderOffset(),
                    headerCompressedSize,
                    entry.getCompressedSize(),
                    entry.getSize(),
                    entry.getCrc(),
                    content == null ? null : new Content(content.bytes(), compressedBytes, content.ended()));
        }
    }

    /**
     * What the walk's handling of one streamed entry depended on.
     *
     * @param headerCompressedSize the compressed size its local header stated, -1 when a data descriptor followed it:
     *                             the walk meters an entry's expansion against this
     * @param content              what the walk read of it; null when it did not open it
     */
    private record Streamed(
            String name,
            byte[] rawName,
            int method,
            boolean encrypted,
            boolean readable,
            long headerOffset,
            long headerCompressedSize,
            long compressedSize,
            long size,
            long crc,
            Content content) {

        /** Whether the walk over the central directory would have handled {@code listed} as it handled this one. */
        boolean agreesWith(ZipArchiveEntry listed, boolean listedReadable, BundleLimits limits) {
            boolean sameFacts = name.equals(ZipEntryName.of(listed))
                    && Arrays.equals(rawName, listed.getRawName())
                    && method == listed.getMethod()
                    && encrypted == listed.getGeneralPurposeBit().usesEncryption()
                    && readable == listedReadable
                    && headerOffset == listed.getLocalHeaderOffset()
                    && compressedSize == listed.getCompressedSize()
                    && size == listed.getSize()
                    && crc == listed.getCrc();
            return sameFacts && (content == null || sameContent(listed.getCompressedSize(), limits));
        }

        /**
         * Whether reading the entry from the directory's offset and size gives what the stream gave: a deflate
         * stream or stored data that ran past the stated size would be cut short there, and an entry metered
         * without its size (data descriptor) must not expand so far that the metering with it would have stopped.
         */
        private boolean sameContent(long listedCompressedSize, BundleLimits limits) {
            boolean withinStatedSize;
            if (method == ZipMethod.DEFLATED.getCode() || method == ZipMethod.STORED.getCode()) {
                withinStatedSize = content.compressedBytes() >= 0
                        && content.compressedBytes() <= listedCompressedSize
                        && (method != ZipMethod.STORED.getCode()
                                || !content.ended()
                                || content.compressedBytes() == listedCompressedSize);
            } else {
                // Other codecs read exactly the stated bytes only when the local header stated them.
                withinStatedSize = headerCompressedSize == listedCompressedSize;
            }
            boolean meteredAlike = headerCompressedSize == listedCompressedSize
                    || content.bytes() <= limits.ratioCheckAboveBytes()
                    || content.bytes() <= Math.max(listedCompressedSize, 1) * limits.maxCompressionRatio();
            return withinStatedSize && meteredAlike;
        }
    }

    /** What the walk read of an entry: bytes out, compressed bytes consumed for them, and whether to its end. */
    private record Content(long bytes, long compressedBytes, boolean ended) {}
}
