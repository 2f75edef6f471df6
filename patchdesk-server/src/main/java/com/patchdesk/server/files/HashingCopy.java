package com.patchdesk.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/** Copies a stream while computing its SHA-256 and enforcing a size limit. */
final class HashingCopy {

    private static final int BUFFER = 1024 * 1024;

    private final MessageDigest sha256;
    private long size;

    HashingCopy() {
        sha256 = newSha256();
    }

    /** A new SHA-256 digest, which every Java runtime has. */
    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Reads up to {@code buffer.length} bytes, hashing them; returns -1 at the end of {@code in}. */
    private int read(InputStream in, byte[] buffer, int offset, long maxBytes) throws IOException {
        int n = in.read(buffer, offset, buffer.length - offset);
        if (n > 0) {
            size += n;
            if (size > maxBytes) {
                throw new BlobTooLargeException(maxBytes);
            }
            sha256.update(buffer, offset, n);
        }
        return n;
    }

    /** Asked before each write for the bytes it adds to the file; refuses it by throwing (a disk's free-space floor). */
    @FunctionalInterface
    interface Room {
        Room ANY = bytes -> {};

        void ensure(long bytes) throws IOException;
    }

    /** {@link #copy(InputStream, AsynchronousFileChannel, long, LongConsumer)}, told nothing. */
    void copy(InputStream in, AsynchronousFileChannel out, long maxBytes) throws IOException {
        copy(in, out, maxBytes, bytes -> {});
    }

    /**
     * Copies {@code in} to the start of {@code out} in 1 MiB writes, each written by the channel's thread while the
     * request thread reads and hashes the next, so that the SHA-256 (about 1 s of CPU per GiB) and the write overlap
     * instead of adding up. The write is the longer where the kernel takes memory it has not used before (on this
     * project's virtual machines 2.5-3 s per GiB, against 0.25 s into memory used before; docs/performance-history.md,
     * "Fifth pass"). A failed write is thrown as its own {@link IOException} (a full disk stays recognisable); no
     * write is left running when this returns or throws. {@code written} is told the bytes in the file each time a
     * write has ended, on this thread.
     */
    void copy(InputStream in, AsynchronousFileChannel out, long maxBytes, LongConsumer written) throws IOException {
        copy(in, out, maxBytes, written, Room.ANY);
    }

    /** As {@link #copy(InputStream, AsynchronousFileChannel, long, LongConsumer)}, each write first asking {@code room}. */
    void copy(InputStream in, AsynchronousFileChannel out, long maxBytes, LongConsumer written, Room room)
            throws IOException {
        byte[][] buffers = {new byte[BUFFER], null};
        PendingWrite writing = PendingWrite.NONE;
        long position = 0;
        try {
            for (int current = 0; ; current ^= 1) {
                if (buffers[current] == null) {
                    buffers[current] = new byte[BUFFER];
                }
                int filled = fill(in, buffers[current], maxBytes);
                writing.await(); // the other buffer is free again, and a failed write stops the copy here
                if (position > 0) {
                    written.accept(position);
                }
                if (filled == 0) {
                    return;
                }
                room.ensure(filled);
                writing = new PendingWrite(out, ByteBuffer.wrap(buffers[current], 0, filled), position);
                position += filled;
                if (filled < BUFFER) {
                    writing.await();
                    written.accept(position);
                    return;
                }
            }
        } finally {
            writing.settle();
        }
    }

    /**
     * Fills {@code buffer} from {@code in}, hashing what it reads; fewer bytes only at the end of the stream. Servlet
     * streams return a few KiB per read, so a buffer is filled before it is written.
     */
    int fill(InputStream in, byte[] buffer, long maxBytes) throws IOException {
        int filled = 0;
        int n;
        while (filled < buffer.length && (n = read(in, buffer, filled, maxBytes)) >= 0) {
            filled += n;
        }
        return filled;
    }

    /** One buffer's write to the file, issued again for what a short write left. */
    private static final class PendingWrite {

        static final PendingWrite NONE = new PendingWrite();

        private final AsynchronousFileChannel channel;
        private final ByteBuffer bytes;
        private long position;
        private Future<Integer> written;

        private PendingWrite() {
            channel = null;
            bytes = null;
        }

        PendingWrite(AsynchronousFileChannel channel, ByteBuffer bytes, long position) {
            this.channel = channel;
            this.bytes = bytes;
            this.position = position;
            this.written = channel.write(bytes, position);
        }

        /**
         * Waits until every byte is written; throws the write's own failure. The wait ignores interrupts, as the
         * blocking write it replaces did (a disk write ends on its own), and passes them on afterwards.
         */
        void await() throws IOException {
            while (written != null) {
                int n;
                try {
                    n = uninterruptibly(written);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                } finally {
                    written = null;
                }
                position += n;
                if (bytes.hasRemaining()) {
                    written = channel.write(bytes, position);
                }
            }
        }

        /** Lets a write still running end before the caller closes and deletes the file; its failure is moot. */
        void settle() {
            if (written != null) {
                try {
                    uninterruptibly(written);
                } catch (ExecutionException moot) {
                    // the copy is failing anyway: the caller throws its own failure and deletes the file
                } finally {
                    written = null;
                }
            }
        }

        private static int uninterruptibly(Future<Integer> write) throws ExecutionException {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return write.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Reads and hashes all of {@code in}, writing it nowhere: for content already where it is to stay. */
    void hashOnly(InputStream in, long maxBytes) throws IOException {
        byte[] buffer = new byte[BUFFER];
        while (read(in, buffer, 0, maxBytes) >= 0) {
            // hashed as it is read
        }
    }

    long size() {
        return size;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
