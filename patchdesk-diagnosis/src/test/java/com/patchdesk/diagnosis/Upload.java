package com.patchdesk.diagnosis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An upload as the server sees one: a thread of its own receives the bytes in chunks, with pauses between them, and
 * appends each to the file before releasing it to the stream, so the file is complete once the stream has ended. The
 * stream may be read by several threads one after the other (the scan's read-ahead threads do).
 */
final class Upload extends InputStream {

    private static final byte[] END = new byte[0];
    private static final byte[] BROKEN = new byte[0];

    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] chunk = new byte[0];
    private int position;
    private boolean ended;
    private boolean broken;

    private Upload() {}

    /** Starts receiving {@code bytes} into {@code file}, {@code chunkBytes} at a time, {@code pauseMillis} apart. */
    static Upload of(byte[] bytes, Path file, int chunkBytes, long pauseMillis) {
        return start(bytes, file, chunkBytes, pauseMillis, false);
    }

    /** As {@link #of}, but the connection breaks after the last byte: the stream fails instead of ending. */
    static Upload breakingOffAtTheEnd(byte[] bytes, Path file, int chunkBytes) {
        return start(bytes, file, chunkBytes, 0, true);
    }

    private static Upload start(byte[] bytes, Path file, int chunkBytes, long pauseMillis, boolean breaksOff) {
        Upload upload = new Upload();
        Thread receiver = new Thread(
                () -> {
                    try {
                        Files.write(file, new byte[0]);
                        for (int from = 0; from < bytes.length; from += chunkBytes) {
                            byte[] part = java.util.Arrays.copyOfRange(
                                    bytes, from, Math.min(bytes.length, from + chunkBytes));
                            Files.write(file, part, StandardOpenOption.APPEND);
                            upload.chunks.add(part);
                            if (pauseMillis > 0) {
                                Thread.sleep(pauseMillis);
                            }
                        }
                        upload.chunks.add(breaksOff ? BROKEN : END);
                    } catch (IOException e) {
                        upload.chunks.add(BROKEN);
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        upload.chunks.add(BROKEN);
                    }
                },
                "test-upload");
        receiver.setDaemon(true);
        receiver.start();
        return upload;
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == chunk.length) {
            if (broken) {
                throw new IOException("connection reset by peer");
            }
            if (ended) {
                return -1;
            }
            byte[] next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the upload", e);
            }
            if (next == END) {
                ended = true;
            } else if (next == BROKEN) {
                broken = true;
            } else {
                chunk = next;
                position = 0;
            }
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
    }
}
