package com.patchdesk.diagnosis.bundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that notes what a reader above it cannot tell afterwards: how many bytes it gave, whether it reached its
 * end, and whether it failed. A failure is caught by the walk and written into a skip reason in the stream's own
 * words, which differ from the words another reader of the same bytes would use (ZipFile and ZipArchiveInputStream
 * word a corrupt deflate stream differently); a scan of arriving bytes is therefore only as good as a scan of the
 * complete file when nothing below the walk failed.
 */
final class WatchedStream extends FilterInputStream {

    private long bytes;
    private boolean ended;
    private Exception failure;

    WatchedStream(InputStream in) {
        super(in);
    }

    long bytes() {
        return bytes;
    }

    boolean ended() {
        return ended;
    }

    boolean failed() {
        return failure != null;
    }

    /** The first exception the stream below threw; null when none. */
    Exception failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b < 0) {
                ended = true;
            } else {
                bytes++;
            }
            return b;
        } catch (IOException | RuntimeException e) {
            noteFailure(e);
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                ended = true;
            } else {
                bytes += n;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            noteFailure(e);
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            long skipped = super.skip(n);
            bytes += skipped;
            return skipped;
        } catch (IOException | RuntimeException e) {
            noteFailure(e);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } catch (IOException | RuntimeException e) {
            noteFailure(e);
            throw e;
        }
    }

    private void noteFailure(Exception e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** No mark/reset: a reset would make the byte count and the end unreliable (the walk buffers above this). */
    @Override
    public boolean markSupported() {
        return false;
    }
}
