package com.patchdesk.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where uploaded and published file contents live, addressed by their SHA-256: the same content stored twice is
 * kept once, and a blob's key never changes meaning. Contents are streamed in both directions, never held whole.
 *
 * <p>A put or adopt of a content already stored makes that blob's written time now, as if it had been written
 * again: whoever stores a content is about to name it in a row, and the sweep of orphans ({@link OrphanBlobs})
 * removes only blobs written before its grace period, checked again as it deletes
 * ({@link #deleteIfWrittenBefore}).
 */
public interface BlobStore {

    /**
     * Stores everything {@code content} yields. When the stream fails or passes {@code maxBytes}, nothing is kept
     * and the exception propagates ({@link BlobTooLargeException} for the limit).
     */
    StoredBlob put(InputStream content, long maxBytes) throws IOException;

    /**
     * As {@link #put(InputStream, long)}, telling {@code growth} where the bytes go while they are written, so that a
     * reader may follow them before the put completes (the diagnosis of a large upload). A store that writes a local
     * file tells where; one that does not (S3) writes a {@linkplain Growth#copyTo copy} when asked to; the others
     * store as {@link #put(InputStream, long)} and never call it.
     */
    default StoredBlob put(InputStream content, long maxBytes, Growth growth) throws IOException {
        return put(content, maxBytes);
    }

    /** Told, on the putting thread, each time more of a put's bytes are in its file. */
    @FunctionalInterface
    interface Growth {
        Growth NONE = (file, bytes) -> {};

        /**
         * The first {@code bytes} bytes of the content are now in {@code file}, which grows until the put ends and
         * is then moved into place or deleted (an open handle keeps reading it), or, for a {@linkplain #copyTo copy},
         * left to whoever asked for it. Never to be written to.
         */
        void written(Path file, long bytes);

        /**
         * Where a store that keeps no file of the content on this machine (S3) writes a copy of it while storing it,
         * so that it can be followed all the same: an empty file, the caller's to move or delete once the put has
         * ended; null (the default) for no copy. Asked once, when the content is larger than what the store sends in
         * one request. A copy that cannot be written is given up (no more {@link #written}); the put goes on.
         */
        default Path copyTo() throws IOException {
            return null;
        }

        /** Asked after each {@link #written} of a copy: false gives the copy up (its reader has stopped following). */
        default boolean copyWanted() {
            return true;
        }
    }

    /**
     * Stores the content of the complete file {@code file}, which the caller gives up: a store that keeps its blobs
     * on this machine moves the file into place instead of writing the content again (a completed resumable upload:
     * no second copy on the disk, nothing written twice); the others read it as {@link #put(InputStream, long)} does.
     * Whatever is left at {@code file} afterwards is the caller's to delete.
     */
    default StoredBlob adopt(Path file, long maxBytes) throws IOException {
        return adopt(file, maxBytes, null);
    }

    /**
     * As {@link #adopt(Path, long)}, where the caller already hashed the file as it was written ({@code known}, or null
     * when it did not): a store that moves the file into place takes that digest instead of reading the file again,
     * when the file still has the size the digest covers. The others hash what they read, as a put does.
     */
    default StoredBlob adopt(Path file, long maxBytes, Content known) throws IOException {
        try (InputStream content = java.nio.file.Files.newInputStream(file)) {
            return put(content, maxBytes);
        }
    }

    /** A content as its writer hashed it: its size and SHA-256 (lowercase hex). */
    record Content(long size, String sha256) {}

    /** The blob's bytes, or only {@code range} of them when it is not null. The caller closes the stream. */
    InputStream open(String key, BlobRange range) throws IOException;

    boolean exists(String key) throws IOException;

    /**
     * The blob as a file on this machine, when the store keeps it as one; readers that need a path (the diagnosis
     * engine) can then read it in place instead of copying it. Never to be written to.
     */
    default java.util.Optional<Path> localFile(String key) {
        return java.util.Optional.empty();
    }

    void delete(String key) throws IOException;

    /** A blob as the store lists it: its key, its size and when it was last written (or stored again). */
    record Listed(String key, long size, java.time.Instant written) {}

    /**
     * Gives {@code each} every blob last written before {@code before}, in no particular order; the leftovers of
     * puts in progress or abandoned (a local {@code incoming} folder, S3's {@code incoming/}) are not blobs.
     */
    void listWrittenBefore(java.time.Instant before, java.util.function.Consumer<Listed> each) throws IOException;

    /**
     * Deletes the blob when it was last written before {@code before}, looked at again as it is deleted, and says
     * whether it did: a put or adopt of the same content since it was listed keeps it.
     */
    boolean deleteIfWrittenBefore(String key, java.time.Instant before) throws IOException;

    /** The folder on this machine the store writes its blobs into, when it writes them on this machine. */
    default java.util.Optional<Path> localRoot() {
        return java.util.Optional.empty();
    }

    /**
     * Removes the leftovers of puts a dead process never finished, last written before {@code before}; the number
     * removed (a local store's part files, S3's open multipart uploads and copies under {@code incoming/}).
     */
    default int removeAbandoned(java.time.Instant before) throws IOException {
        return 0;
    }
}
