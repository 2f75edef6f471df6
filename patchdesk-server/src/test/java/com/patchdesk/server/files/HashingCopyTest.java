package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.patchdesk.server.problems.StorageFailures;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The copy of an upload into its temporary file: the request thread reads and hashes a megabyte while the channel
 * writes the one before. Sizes around the buffer's, servlet-like reads of a few KiB, short and slow writes, a full
 * disk and an interrupted request thread.
 */
class HashingCopyTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, MIB - 1, MIB, MIB + 1, 2 * MIB, 3 * MIB + 7})
    void everyByteIsWrittenAndHashedWhateverTheSize(int size) throws Exception {
        byte[] content = random(size);
        Path file = Files.createFile(dir.resolve("put.part"));
        HashingCopy copy = new HashingCopy();

        java.util.List<Long> told = new java.util.ArrayList<>();

        try (AsynchronousFileChannel out = AsynchronousFileChannel.open(file, StandardOpenOption.WRITE)) {
            copy.copy(new FewKibAtATime(content), out, Long.MAX_VALUE, bytes -> {
                // What a reader following the file finds when told: those bytes, written.
                try (InputStream written = Files.newInputStream(file)) {
                    assertThat(written.readNBytes((int) bytes))
                            .isEqualTo(java.util.Arrays.copyOf(content, (int) bytes));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                told.add(bytes);
            });
        }

        assertThat(told).as("told in order, up to the whole content").isSorted().doesNotHaveDuplicates();
        assertThat(told.isEmpty() ? 0L : told.get(told.size() - 1)).isEqualTo(size);
        assertThat(told).hasSize((size + MIB - 1) / MIB);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(copy.size()).isEqualTo(size);
        assertThat(copy.sha256Hex()).isEqualTo(sha256(content));
    }

    @Test
    void shortSlowWritesAreFinishedAndNoBufferIsRefilledWhileItIsBeingWritten() throws Exception {
        byte[] content = random(5 * MIB + 12_345);
        SlowShortWrites out = new SlowShortWrites(content.length);

        new HashingCopy().copy(new FewKibAtATime(content), out, Long.MAX_VALUE);

        assertThat(out.written).isEqualTo(content);
        assertThat(out.changedWhileWriting).isFalse();
        assertThat(out.mostInFlight.get()).isEqualTo(1);
        assertThat(out.inFlight.get()).isZero();
    }

    @Test
    void aFullDiskIsThrownAsTheDisksOwnFailure() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full here");

        try (AsynchronousFileChannel out = AsynchronousFileChannel.open(full, StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> new HashingCopy().copy(new FewKibAtATime(random(3 * MIB)), out, Long.MAX_VALUE))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(StorageFailures.full(e))
                            .as("recognised as a full disk")
                            .isTrue());
        }
    }

    @Test
    void anInterruptedRequestThreadStillStoresTheWholeUploadAndKeepsItsInterrupt() throws Exception {
        byte[] content = random(3 * MIB + 1);
        SlowShortWrites out = new SlowShortWrites(content.length);

        Thread.currentThread().interrupt();
        try {
            new HashingCopy().copy(new FewKibAtATime(content), out, Long.MAX_VALUE);
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is passed on").isTrue();
        }

        assertThat(out.written).isEqualTo(content);
        assertThat(out.inFlight.get()).isZero();
    }

    @Test
    void aCutOffStreamLeavesNoWriteRunning() {
        byte[] content = random(4 * MIB);
        SlowShortWrites out = new SlowShortWrites(content.length);
        InputStream cutOff = new FewKibAtATime(content) {
            private int served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > 2 * MIB + 100) {
                    throw new IOException("connection reset by peer");
                }
                int n = super.read(b, off, len);
                served += Math.max(n, 0);
                return n;
            }
        };

        assertThatThrownBy(() -> new HashingCopy().copy(cutOff, out, Long.MAX_VALUE))
                .hasMessageContaining("connection reset");
        assertThat(out.inFlight.get()).isZero();
    }

    /** Returns at most 3,000 bytes a read, as a servlet stream returns what one network read brought. */
    private static class FewKibAtATime extends FilterInputStream {
        FewKibAtATime(byte[] content) {
            super(new ByteArrayInputStream(content));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 3_000));
        }
    }

    /**
     * A channel whose writes take a while, on a thread of their own, and write at most 300,000 bytes each; it notes
     * whether the bytes of a write changed before the write ended, and how many writes were in flight at once.
     */
    private static final class SlowShortWrites extends AsynchronousFileChannel {
        final byte[] written;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        volatile boolean changedWhileWriting;

        SlowShortWrites(int size) {
            written = new byte[size];
        }

        @Override
        public Future<Integer> write(ByteBuffer src, long position) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            int n = Math.min(src.remaining(), 300_000);
            byte[] asSubmitted = new byte[n];
            src.duplicate().get(asSubmitted);
            CompletableFuture<Integer> done = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(3, TimeUnit.MILLISECONDS).execute(() -> {
                byte[] now = new byte[n];
                src.duplicate().get(now);
                if (!Arrays.equals(now, asSubmitted)) {
                    changedWhileWriting = true;
                }
                System.arraycopy(now, 0, written, (int) position, n);
                src.position(src.position() + n);
                inFlight.decrementAndGet();
                done.complete(n);
            });
            return done;
        }

        @Override
        public <A> void write(
                ByteBuffer src, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long size() {
            return written.length;
        }

        @Override
        public AsynchronousFileChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void force(boolean metaData) {}

        @Override
        public <A> void lock(
                long position,
                long size,
                boolean shared,
                A attachment,
                CompletionHandler<FileLock, ? super A> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<FileLock> lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <A> void read(
                ByteBuffer dst, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Integer> read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
