package com.patchdesk.server.diagnoses;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An upload's file read while the server is still writing it: a read that finds nothing new waits for the next
 * write instead of ending, and the stream ends only once the server has said how long the upload is (a line
 * {@code end SIZE} on the analysis child's standard input, {@link #endFrom}) and that many bytes were read. The
 * server writes the file in order, so every byte before the file's current length is final.
 */
final class GrowingFile extends InputStream {

    /** A wait for more bytes starts short (the writer is usually just ahead) and grows to this. */
    private static final long LONGEST_WAIT_MILLIS = 20;

    private final FileChannel channel;
    private final CompletableFuture<Long> end;
    private final byte[] one = new byte[1];
    private long position;

    /** {@code end}: the upload's size once known; completed exceptionally when the upload will not complete. */
    GrowingFile(Path file, CompletableFuture<Long> end) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.end = end;
    }

    /**
     * The size the server tells on {@code in}: a line {@code end SIZE}. Anything else, or the stream ending first
     * (the server gone, or giving the upload up), completes it exceptionally. Read on a daemon thread of its own.
     */
    static CompletableFuture<Long> endFrom(InputStream in) {
        CompletableFuture<Long> end = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))
                                .readLine();
                        if (line != null && line.startsWith("end ")) {
                            end.complete(Long.parseLong(line.substring(4).strip()));
                        } else {
                            end.completeExceptionally(new IOException("the upload did not complete"));
                        }
                    } catch (IOException | NumberFormatException e) {
                        end.completeExceptionally(new IOException("the upload did not complete", e));
                    }
                },
                "upload-end");
        reader.setDaemon(true);
        reader.start();
        return end;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        long wait = 1;
        while (true) {
            long size = knownSize();
            if (size >= 0 && position >= size) {
                return -1;
            }
            int wanted = size >= 0 ? (int) Math.min(length, size - position) : length;
            int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
            if (n > 0) {
                position += n;
                return n;
            }
            if (size >= 0) {
                throw new IOException("the upload's file ends at " + position + " bytes, before its size of " + size);
            }
            awaitEnd(wait);
            wait = Math.min(wait * 2, LONGEST_WAIT_MILLIS);
        }
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - position));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The upload's size, or -1 while it is still arriving; throws once it will not complete. */
    private long knownSize() throws IOException {
        if (!end.isDone()) {
            return -1;
        }
        try {
            return end.getNow(-1L);
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** Waits {@code millis} for more bytes, or less if the end is told meanwhile. */
    private void awaitEnd(long millis) throws IOException {
        try {
            end.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException stillArrivingOrFailed) {
            // a timeout: look for more bytes; a failure: knownSize() throws it on the next turn
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the upload");
        }
    }
}
