package com.patchdesk.server.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy a store that keeps no local file writes of a content while storing it, where its {@link BlobStore.Growth}
 * asked ({@link BlobStore.Growth#copyTo}), telling the growth after each part. The copy is for a reader that follows
 * the content, never the stored content itself: when it cannot be written it is given up, and the put goes on.
 */
final class GrowingCopy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GrowingCopy.class);
    private static final int WRITE_SLICE = 256 * 1024;
    private static final GrowingCopy NONE = new GrowingCopy(BlobStore.Growth.NONE, null, null);

    private final BlobStore.Growth growth;
    private final Path file;
    private FileChannel channel;
    private long bytes;

    private GrowingCopy(BlobStore.Growth growth, Path file, FileChannel channel) {
        this.growth = growth;
        this.file = file;
        this.channel = channel;
    }

    /** A copy where {@code growth} asks for one, or one that writes nothing. */
    static GrowingCopy open(BlobStore.Growth growth) {
        Path file = null;
        try {
            file = growth.copyTo();
            return file == null
                    ? NONE
                    : new GrowingCopy(
                            growth, file, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException | RuntimeException e) {
            log.warn("no copy of the content is written for its reader at {}: {}", file, e.toString());
            return NONE;
        }
    }

    /** Appends the first {@code length} bytes of {@code part}, then tells the growth how much is in the copy. */
    void append(byte[] part, int length) {
        if (channel == null) {
            return;
        }
        try {
            // In slices: the channel copies a heap buffer into a direct one of its size, which the writing thread
            // then keeps; a whole part (8 MB) a request thread would have cost that much resident memory each.
            for (int at = 0; at < length; at += WRITE_SLICE) {
                ByteBuffer slice = ByteBuffer.wrap(part, at, Math.min(WRITE_SLICE, length - at));
                while (slice.hasRemaining()) {
                    channel.write(slice);
                }
            }
            bytes += length;
        } catch (IOException e) {
            log.warn("the copy of the content at {} is given up after {} bytes: {}", file, bytes, e.toString());
            close();
            return;
        }
        try {
            growth.written(file, bytes);
            if (!growth.copyWanted()) {
                close();
            }
        } catch (RuntimeException e) {
            // The reader's failure is its own: the content is stored all the same, without a copy for it.
            log.warn("the copy of the content at {} is given up: its reader failed: {}", file, e.toString());
            close();
        }
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("could not close the copy at {}: {}", file, e.toString());
        }
        channel = null;
    }
}
