package com.patchdesk.diagnosis.bundle;

import java.io.IOException;
import java.io.InputStream;

/**
 * A zip stream's current entry in reads as long as asked for. {@code ZipArchiveInputStream} gives a stored entry 512
 * bytes a read (its buffer's size), and a buffered reader above that gets less than it asked for asks how much more
 * is available, which the zip stream passes down to the file: a system call every 512 bytes, 4 s of a 1 GiB bundle's
 * analysis. Reading until the request is met answers both. A failure after some bytes of a read (the damage of a zip
 * cut short) gives those bytes first and the failure at the next read, so that nothing before the damage is lost. Never
 * closes the zip stream, whose next entries follow.
 */
final class WholeReads extends InputStream {

    private final InputStream zip;
    private IOException failure;

    WholeReads(InputStream zip) {
        this.zip = zip;
    }

    @Override
    public int read() throws IOException {
        failIfFailed();
        return zip.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        failIfFailed();
        int total = 0;
        while (total < length) {
            int n;
            try {
                n = zip.read(buffer, offset + total, length - total);
            } catch (IOException e) {
                if (total == 0) {
                    throw e;
                }
                failure = e;
                return total;
            }
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    private void failIfFailed() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }

    /** Nothing is promised: a reader that wants more reads, and gets all it asked for ({@link #read}). */
    @Override
    public int available() {
        return 0;
    }
}
