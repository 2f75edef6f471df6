package com.patchdesk.server.diagnoses;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An upload's file read while the server is still writing it: a read that finds nothing new waits for the next
 * write instead of ending, and the stream ends only once the server has written the upload's size into
 * {@code sizeFile} ({@link ArrivingAnalysis#complete}) and that many bytes were read.
 *
 * <p>Until then it reads no further than the server has said its bytes are final ({@link ArrivingAnalysis#readable},
 * the file {@value ArrivingAnalysis#READABLE_FILE} beside the size file, written before the reader starts): a resumable
 * upload's request whose checksum fails has its bytes taken back and sent again, so the file's length is not that.
 * Without that file at the start, every byte before the file's current length counts as final (a writer that never
 * takes bytes back).
 *
 * <p>The file comes open ({@code channel}): the analysis child gets it as its standard input, opened by the server
 * when it starts the child, because the server moves the file into the blob store (or deletes it, for content it
 * already has) when the upload ends, perhaps before a child JVM has started; an open file is read on regardless.
 */
final class GrowingFile extends InputStream {

    /** A wait for more bytes starts short (the writer is usually just ahead) and grows to this. */
    private static final long LONGEST_WAIT_MILLIS = 20;

    private final FileChannel channel;
    private final Path sizeFile;
    private final Path readableFile;
    private final long idleNanos;
    private final byte[] one = new byte[1];
    private long size = -1;
    /** How far the server last said the bytes are final; -1 while it has said nothing (the file's length then). */
    private long readable = -1;

    private long position;

    /** {@code idle}: how long nothing may arrive before the upload counts as given up (a read then fails). */
    GrowingFile(FileChannel channel, Path sizeFile, Duration idle) throws IOException {
        this.channel = channel;
        this.sizeFile = sizeFile;
        this.readableFile = sizeFile.resolveSibling(ArrivingAnalysis.READABLE_FILE);
        this.idleNanos = idle.toNanos();
        readMoreReadable();
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
        long idleSince = System.nanoTime();
        while (true) {
            if (size >= 0 && position >= size) {
                return -1;
            }
            long limit = size >= 0 ? size : readable >= 0 ? readable : Long.MAX_VALUE;
            if (position < limit) {
                int wanted = (int) Math.min(length, limit - position);
                int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
                if (n > 0) {
                    position += n;
                    return n;
                }
            }
            // Nothing new: the upload is over (its size is told), more is final, or more is still to come.
            if (size < 0 && readSize() >= 0) {
                continue;
            }
            if (size >= 0) {
                throw new IOException("the upload's file ends at " + position + " bytes, before its size of " + size);
            }
            if (readable >= 0 && readMoreReadable()) {
                continue;
            }
            if (System.nanoTime() - idleSince > idleNanos) {
                throw new IOException("nothing of the upload arrived for "
                        + Duration.ofNanos(idleNanos).toSeconds() + " s after its first " + position + " bytes");
            }
            pause(wait);
            wait = Math.min(wait * 2, LONGEST_WAIT_MILLIS);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * The upload's size once the server has told it, else -1. The server writes the size file whole under another
     * name and moves it into place, so a size file that exists is complete.
     */
    private long readSize() throws IOException {
        try {
            size = Long.parseLong(
                    Files.readString(sizeFile, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException stillArriving) {
            return -1;
        } catch (NumberFormatException e) {
            throw new IOException("the upload's size file says no size: " + sizeFile, e);
        }
        return size;
    }

    /**
     * Whether the server now says more bytes are final than it did. It writes the file whole under another name and
     * moves it into place, so the file that exists is complete; it only ever says more.
     */
    private boolean readMoreReadable() throws IOException {
        long told;
        try {
            told = Long.parseLong(
                    Files.readString(readableFile, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException nothingSaid) {
            return false;
        } catch (NumberFormatException e) {
            throw new IOException("the upload's readable file says no length: " + readableFile, e);
        }
        if (told <= readable) {
            return false;
        }
        readable = told;
        return true;
    }

    private static void pause(long millis) throws IOException {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the upload");
        }
    }
}
