package com.patchdesk.diagnosis.bundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The byte allowance of one scan. Counts what is actually decompressed, never what an archive
 * declares, because a zip bomb lies about its sizes. Belongs to a single scan on a single thread.
 */
final class ScanBudget {

    private final BundleLimits limits;
    private long totalBytes;
    private boolean exceeded;

    ScanBudget(BundleLimits limits) {
        this.limits = limits;
    }

    BundleLimits limits() {
        return limits;
    }

    /** Whether a cap stopped a read of this scan. */
    boolean exceeded() {
        return exceeded;
    }

    /** Wraps a plain file's stream: counted, but not capped (a 20 GiB CBS.log on disk is no bomb). */
    Metered meterPlain(InputStream in) {
        return new Metered(in, -1, false);
    }

    /** Wraps an archive entry's stream; {@code storedBytes} is its compressed size. */
    Metered meterEntry(InputStream in, long storedBytes) {
        return new Metered(in, storedBytes, true);
    }

    /** Thrown by a metered stream once a cap is reached; the message says which. */
    static final class Exceeded extends IOException {
        private static final long serialVersionUID = 1L;

        Exceeded(String message) {
            super(message);
        }
    }

    /** A stream that counts the bytes read through it and stops at the scan's caps. */
    final class Metered extends FilterInputStream {
        private final long storedBytes;
        private final boolean capped;
        private long bytes;

        private Metered(InputStream in, long storedBytes, boolean capped) {
            super(in);
            this.storedBytes = storedBytes;
            this.capped = capped;
        }

        long bytes() {
            return bytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws Exceeded {
            bytes += n;
            if (!capped) {
                return;
            }
            totalBytes += n;
            if (totalBytes > limits.maxTotalBytes()) {
                exceeded = true;
                throw new Exceeded("the bundle expands to more than " + limits.maxTotalBytes()
                        + " bytes (zip bomb or too large); reading stopped");
            }
            if (storedBytes >= 0
                    && bytes > limits.ratioCheckAboveBytes()
                    && bytes > Math.max(storedBytes, 1) * limits.maxCompressionRatio()) {
                exceeded = true;
                throw new Exceeded("expands more than " + limits.maxCompressionRatio()
                        + " times its compressed size of " + storedBytes + " bytes (zip bomb); reading stopped");
            }
        }
    }
}
