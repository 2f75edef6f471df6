package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path root;

    private BlobStore store;

    @BeforeEach
    void open() throws IOException {
        store = new LocalBlobStore(root);
    }

    /** Moved, not written again: the blob is the very file, owner-only like the blobs a put writes. */
    @Test
    void aCompleteFileOnTheSameDiskIsMovedIntoPlace(@TempDir Path scratch) throws Exception {
        Path data = Files.write(scratch.resolve("data"), random(100_000, 9));
        Object inode = Files.readAttributes(data, BasicFileAttributes.class).fileKey();

        StoredBlob blob = store.adopt(data, Long.MAX_VALUE);

        assertThat(data).doesNotExist();
        Path stored = store.localFile(blob.key()).orElseThrow();
        assertThat(Files.readAttributes(stored, BasicFileAttributes.class).fileKey())
                .isEqualTo(inode);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
                .isEqualTo("rw-------");
    }

    /**
     * The writer's digest of a file of its size is taken as the key, without reading the file again: here one that is
     * not the file's, to show it (TusUploads gives only the digest of the bytes the upload accepted, PartsDigest).
     */
    @Test
    void aDigestOfTheFilesSizeIsTakenWithoutReadingTheFileAgain(@TempDir Path scratch) throws Exception {
        byte[] content = random(4096, 12);
        String given = "ab".repeat(32);

        StoredBlob blob = store.adopt(
                Files.write(scratch.resolve("data"), content), Long.MAX_VALUE, new BlobStore.Content(4096, given));

        assertThat(blob.sha256()).isEqualTo(given);
        assertThat(Files.readAllBytes(store.localFile(given).orElseThrow())).isEqualTo(content);
    }

    /**
     * Only blobs are listed for the orphan sweep: not a put's part file in the incoming folder (an upload arriving),
     * nor a file that is not at its key's place; and a resumable upload's file complete for days (refused for room,
     * resumed) is a young blob once adopted, not an old one.
     */
    @Test
    void onlyBlobsAreListedAndAnAdoptedOldFileIsWrittenNow(@TempDir Path scratch) throws Exception {
        java.time.Instant twoDaysAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(2));
        StoredBlob blob = store.put(new java.io.ByteArrayInputStream(random(500, 15)), Long.MAX_VALUE);
        Path placed = store.localFile(blob.key()).orElseThrow();
        Files.setLastModifiedTime(placed, java.nio.file.attribute.FileTime.from(twoDaysAgo));
        Path part = Files.write(root.resolve("incoming").resolve("put-1.part"), random(300, 16));
        Path stray = Files.write(placed.resolveSibling("ab".repeat(32)), random(200, 17));
        for (Path old : java.util.List.of(part, stray)) {
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(twoDaysAgo));
        }
        byte[] resumed = random(700, 18);
        Path complete = Files.write(scratch.resolve("tus-upload"), resumed);
        Files.setLastModifiedTime(complete, java.nio.file.attribute.FileTime.from(twoDaysAgo));
        StoredBlob adopted = store.adopt(complete, Long.MAX_VALUE);

        java.util.List<BlobStore.Listed> listed = new java.util.ArrayList<>();
        store.listWrittenBefore(java.time.Instant.now().minus(java.time.Duration.ofDays(1)), listed::add);

        assertThat(listed).extracting(BlobStore.Listed::key).containsExactly(blob.key());
        assertThat(store.deleteIfWrittenBefore(
                        adopted.key(), java.time.Instant.now().minusSeconds(60)))
                .isFalse();
        assertThat(part).exists();
        assertThat(stray).exists();
    }

    /**
     * The sweep's delete of an old blob and a put of its content, on two threads at the same moment, many times: the
     * put's blob is always there once it returns (it found the blob and made it young, or found none and stored its
     * own), never deleted under it.
     */
    @Test
    void aPutRacingTheSweepsDeleteAlwaysLeavesItsBlob() throws Exception {
        byte[] content = random(2000, 19);
        String key = store.put(new java.io.ByteArrayInputStream(content), Long.MAX_VALUE)
                .key();
        java.util.concurrent.ExecutorService sweeper = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 2000; round++) {
                Files.setLastModifiedTime(
                        store.localFile(key).orElseThrow(),
                        java.nio.file.attribute.FileTime.from(
                                java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
                java.time.Instant before = java.time.Instant.now().minus(java.time.Duration.ofDays(1));
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.Future<Boolean> delete = sweeper.submit(() -> {
                    go.await();
                    return store.deleteIfWrittenBefore(key, before);
                });
                go.countDown();
                store.put(new java.io.ByteArrayInputStream(content), Long.MAX_VALUE);
                boolean deleted = delete.get();

                if (!store.exists(key)) {
                    org.assertj.core.api.Assertions.fail(
                            "round " + round + ": the put returned and its blob was gone (deleted: " + deleted + ")");
                }
            }
        } finally {
            sweeper.shutdownNow();
        }
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    long storedObjects() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
