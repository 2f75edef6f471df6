package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} must do; run against each implementation by its subclass. */
abstract class BlobStoreContract {

    /** Larger than one S3 part (5 MiB in the tests), so the S3 store goes through a multipart upload. */
    static final int LARGE = 12 * 1024 * 1024 + 123;

    abstract BlobStore store();

    /** Every blob and temporary object the store holds, so that a failed put can be shown to leave nothing. */
    abstract long storedObjects() throws IOException;

    @Test
    void aLargeContentRoundTripsWithItsChecksumAndRanges() throws Exception {
        byte[] content = random(LARGE, 1);

        StoredBlob blob = store().put(new ByteArrayInputStream(content), Long.MAX_VALUE);

        assertThat(blob.sha256()).isEqualTo(sha256(content));
        assertThat(blob.size()).isEqualTo(content.length);
        assertThat(store().exists(blob.key())).isTrue();
        try (InputStream in = store().open(blob.key(), null)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(blob.sha256());
        }
        try (InputStream in = store().open(blob.key(), new BlobRange(5_000_000, 5_000_099))) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 5_000_000, 5_000_100));
        }
        try (InputStream in = store().open(blob.key(), new BlobRange(content.length - 10, content.length - 1))) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, content.length - 10, content.length));
        }
    }

    @Test
    void theSameContentStoredTwiceIsKeptOnce() throws Exception {
        byte[] small = "CBS.log 内容 0x800f0986".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] large = random(LARGE, 2);

        StoredBlob first = store().put(new ByteArrayInputStream(small), Long.MAX_VALUE);
        StoredBlob again = store().put(new ByteArrayInputStream(small), Long.MAX_VALUE);
        StoredBlob big = store().put(new ByteArrayInputStream(large), Long.MAX_VALUE);
        StoredBlob bigAgain = store().put(new ByteArrayInputStream(large), Long.MAX_VALUE);

        assertThat(again).isEqualTo(first);
        assertThat(bigAgain).isEqualTo(big);
        assertThat(storedObjects()).isEqualTo(2);
    }

    @Test
    void aCutOffUploadLeavesNoBlobBehind() throws Exception {
        InputStream cutOff = new CutOffStream(random(LARGE, 3), 7 * 1024 * 1024);

        assertThatThrownBy(() -> store().put(cutOff, Long.MAX_VALUE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");

        assertThat(storedObjects()).isZero();
    }

    @Test
    void aContentOverTheLimitIsRefusedAndNotKept() throws Exception {
        assertThatThrownBy(() -> store().put(new ByteArrayInputStream(random(LARGE, 4)), 6 * 1024 * 1024))
                .isInstanceOf(BlobTooLargeException.class);
        assertThatThrownBy(() -> store().put(new ByteArrayInputStream(random(1000, 5)), 999))
                .isInstanceOf(BlobTooLargeException.class);

        assertThat(storedObjects()).isZero();
    }

    @Test
    void aDeletedBlobIsGone() throws Exception {
        StoredBlob blob = store().put(new ByteArrayInputStream(random(100, 6)), Long.MAX_VALUE);

        store().delete(blob.key());

        assertThat(store().exists(blob.key())).isFalse();
        assertThatThrownBy(() -> store().open(blob.key(), null).close())
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    /** A resumable upload's assembled parts: a complete file the store takes as the content. */
    @Test
    void aCompleteFileIsTakenAsItsContentOnceAndNeverPastTheLimit() throws Exception {
        byte[] content = random(LARGE, 7);
        java.nio.file.Path scratch = java.nio.file.Files.createTempDirectory("tus-scratch-");
        try {
            StoredBlob blob =
                    store().adopt(java.nio.file.Files.write(scratch.resolve("data"), content), Long.MAX_VALUE);
            StoredBlob again =
                    store().adopt(java.nio.file.Files.write(scratch.resolve("again"), content), Long.MAX_VALUE);

            assertThat(blob.sha256()).isEqualTo(sha256(content));
            assertThat(blob.size()).isEqualTo(content.length);
            assertThat(again).isEqualTo(blob);
            try (InputStream in = store().open(blob.key(), null)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            assertThat(storedObjects()).isEqualTo(1);
            java.nio.file.Path tooLarge = java.nio.file.Files.write(scratch.resolve("large"), random(1000, 8));
            assertThatThrownBy(() -> store().adopt(tooLarge, 999)).isInstanceOf(BlobTooLargeException.class);
            assertThat(storedObjects()).isEqualTo(1);
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(scratch);
        }
    }

    /**
     * A complete file with the digest its writer took: the same blob as without it, and a digest of another size than
     * the file's is not taken (the file is hashed), nor is one past the limit.
     */
    @Test
    void aCompleteFileWithItsDigestIsTheSameBlobAndAStaleDigestIsNotTaken() throws Exception {
        byte[] content = random(LARGE, 11);
        java.nio.file.Path scratch = java.nio.file.Files.createTempDirectory("tus-scratch-");
        try {
            BlobStore.Content digest = new BlobStore.Content(content.length, sha256(content));
            StoredBlob blob =
                    store().adopt(java.nio.file.Files.write(scratch.resolve("data"), content), Long.MAX_VALUE, digest);
            assertThat(blob.sha256()).isEqualTo(sha256(content));
            assertThat(blob.size()).isEqualTo(content.length);
            try (InputStream in = store().open(blob.key(), null)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }

            byte[] longer = java.util.Arrays.copyOf(content, content.length + 1);
            StoredBlob other =
                    store().adopt(java.nio.file.Files.write(scratch.resolve("longer"), longer), Long.MAX_VALUE, digest);
            assertThat(other.sha256()).as("the file's own digest").isEqualTo(sha256(longer));
            assertThat(other.size()).isEqualTo(longer.length);

            java.nio.file.Path tooLarge = java.nio.file.Files.write(scratch.resolve("large"), content);
            assertThatThrownBy(() -> store().adopt(tooLarge, content.length - 1, digest))
                    .isInstanceOf(BlobTooLargeException.class);
            assertThat(storedObjects()).isEqualTo(2);
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(scratch);
        }
    }

    /**
     * The sweep of orphans lists blobs by when they were written and deletes one only if it is still that old: a put of
     * the same content in between (an upload about to name it) makes it written now, so it stays. The pause is S3's:
     * its times are whole seconds.
     */
    @Test
    void aContentStoredAgainAfterItWasListedIsNotDeleted() throws Exception {
        byte[] small = "Windows Update 日志 0x80073712".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] large = random(LARGE, 13);
        StoredBlob blob = store().put(new ByteArrayInputStream(small), Long.MAX_VALUE);
        StoredBlob big = store().put(new ByteArrayInputStream(large), Long.MAX_VALUE);
        Thread.sleep(1_100);
        java.time.Instant listedBefore = java.time.Instant.now();
        java.util.List<BlobStore.Listed> listed = new java.util.ArrayList<>();
        store().listWrittenBefore(listedBefore, listed::add);
        assertThat(listed)
                .extracting(BlobStore.Listed::key, BlobStore.Listed::size)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(blob.key(), (long) small.length),
                        org.assertj.core.groups.Tuple.tuple(big.key(), (long) large.length));
        assertThat(listed).allSatisfy(each -> assertThat(each.written()).isBefore(listedBefore));
        Thread.sleep(1_100);

        store().put(new ByteArrayInputStream(small), Long.MAX_VALUE);
        store().put(new ByteArrayInputStream(large), Long.MAX_VALUE);

        assertThat(store().deleteIfWrittenBefore(blob.key(), listedBefore)).isFalse();
        assertThat(store().deleteIfWrittenBefore(big.key(), listedBefore)).isFalse();
        assertThat(store().exists(blob.key())).isTrue();
        assertThat(store().exists(big.key())).isTrue();
        java.util.List<BlobStore.Listed> again = new java.util.ArrayList<>();
        store().listWrittenBefore(listedBefore, again::add);
        assertThat(again).isEmpty();

        java.time.Instant later = java.time.Instant.now().plusSeconds(60);
        assertThat(store().deleteIfWrittenBefore(blob.key(), later)).isTrue();
        assertThat(store().exists(blob.key())).isFalse();
        assertThat(store().deleteIfWrittenBefore(blob.key(), later))
                .as("gone already")
                .isFalse();
    }

    /** A complete file adopted as the content of a blob listed as old makes it written now, as a put does. */
    @Test
    void aContentAdoptedAfterItWasListedIsNotDeleted() throws Exception {
        byte[] content = random(100_000, 14);
        StoredBlob blob = store().put(new ByteArrayInputStream(content), Long.MAX_VALUE);
        Thread.sleep(1_100);
        java.time.Instant listedBefore = java.time.Instant.now();
        Thread.sleep(1_100);
        java.nio.file.Path scratch = java.nio.file.Files.createTempDirectory("tus-scratch-");
        try {
            store().adopt(java.nio.file.Files.write(scratch.resolve("data"), content), Long.MAX_VALUE);
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(scratch);
        }

        assertThat(store().deleteIfWrittenBefore(blob.key(), listedBefore)).isFalse();
        assertThat(store().exists(blob.key())).isTrue();
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A client whose connection drops after {@code limit} bytes. */
    static final class CutOffStream extends InputStream {
        private final ByteArrayInputStream content;
        private long left;

        CutOffStream(byte[] content, long limit) {
            this.content = new ByteArrayInputStream(content);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException("connection reset by peer");
            }
            int n = content.read(b, off, (int) Math.min(len, left));
            left -= n;
            return n;
        }
    }
}
