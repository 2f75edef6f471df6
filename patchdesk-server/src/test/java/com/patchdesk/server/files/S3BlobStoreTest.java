package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store against s3proxy running in its own JVM: real HTTP, real signatures, real multipart uploads. */
@Tag("slow")
class S3BlobStoreTest extends BlobStoreContract {

    @TempDir
    static Path folder;

    private static S3ProxyProcess proxy;
    private static S3Client client;
    private static int buckets;

    private String bucket;
    private BlobStore store;

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = S3ProxyProcess.start(folder);
        client = proxy.client();
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void freshBucket() {
        bucket = "blobs-" + ++buckets;
        client.createBucket(b -> b.bucket(bucket));
        store = new S3BlobStore(client, bucket, (int) DataSize.ofMegabytes(5).toBytes());
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    long storedObjects() {
        // s3proxy's filesystem backend lists its folders ("blobs/") as objects; they are not blobs.
        long objects = client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .filter(object -> !object.key().endsWith("/"))
                .count();
        long pendingUploads =
                client.listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
        return objects + pendingUploads;
    }

    /**
     * A process killed during a put leaves its multipart upload open, or its completed copy under incoming/: both are
     * removed once older than the caller's limit, and the blobs stay.
     */
    @Test
    void whatAKilledPutLeftUnderIncomingIsRemovedAndTheBlobsStay() throws Exception {
        StoredBlob kept = store.put(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), 100);
        client.createMultipartUpload(b -> b.bucket(bucket).key("incoming/left-open"));
        client.putObject(
                b -> b.bucket(bucket).key("incoming/left-complete"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {4, 5}));
        long before = storedObjects();

        assertThat(store.removeAbandoned(java.time.Instant.now().minusSeconds(3600)))
                .as("nothing is that old")
                .isZero();
        assertThat(storedObjects()).isEqualTo(before);
        // s3proxy keeps an open multipart upload as an upload and a stub object: at least the two leftovers go.
        assertThat(store.removeAbandoned(java.time.Instant.now().plusSeconds(60)))
                .isGreaterThanOrEqualTo(2);

        assertThat(storedObjects()).isEqualTo(1);
        assertThat(store.exists(kept.key())).isTrue();
    }

    /** A content of several parts is copied where its growth asks, each part before it is sent; the put stores it all. */
    @Test
    void aContentOfSeveralPartsIsCopiedPartByPartWhereItsGrowthAsks() throws Exception {
        byte[] content = content(12 << 20);
        Reader reader = new Reader(Files.createFile(folder.resolve("copy-" + bucket)), true, false);

        StoredBlob blob = store.put(new ByteArrayInputStream(content), Long.MAX_VALUE, reader);

        assertThat(reader.told).containsExactly(5L << 20, 10L << 20, 12L << 20);
        assertThat(reader.sizesOnDisk).isEqualTo(reader.told);
        assertThat(Files.readAllBytes(reader.copy)).isEqualTo(content);
        assertStored(blob, content);
    }

    /** A reader that stops following gives the copy up after the part it was told of; the content is stored whole. */
    @Test
    void aCopyNoLongerWantedIsGivenUpAndThePutGoesOn() throws Exception {
        byte[] content = content(12 << 20);
        Reader reader = new Reader(Files.createFile(folder.resolve("given-up-" + bucket)), false, false);

        StoredBlob blob = store.put(new ByteArrayInputStream(content), Long.MAX_VALUE, reader);

        assertThat(reader.told).containsExactly(5L << 20);
        assertThat(reader.copy).hasSize(5L << 20);
        assertStored(blob, content);
    }

    /** A reader that fails is its own failure: the copy is given up and the content is stored whole. */
    @Test
    void aReaderThatFailsGivesTheCopyUpAndThePutGoesOn() throws Exception {
        byte[] content = content(12 << 20);
        Reader reader = new Reader(Files.createFile(folder.resolve("failing-reader-" + bucket)), true, true);

        StoredBlob blob = store.put(new ByteArrayInputStream(content), Long.MAX_VALUE, reader);

        assertThat(reader.told).containsExactly(5L << 20);
        assertThat(reader.copy).hasSize(5L << 20);
        assertStored(blob, content);
    }

    /** A copy that cannot be opened (its folder is gone) is no copy; the put goes on. */
    @Test
    void aCopyThatCannotBeWrittenLeavesThePutAlone() throws Exception {
        byte[] content = content(7 << 20);
        Reader reader = new Reader(folder.resolve("no-such-folder").resolve("copy"), true, false);

        StoredBlob blob = store.put(new ByteArrayInputStream(content), Long.MAX_VALUE, reader);

        assertThat(reader.told).isEmpty();
        assertStored(blob, content);
    }

    /** A content that fits one request is never copied: nothing follows so small an upload. */
    @Test
    void aContentOfOnePartIsNotCopied() throws Exception {
        Reader reader = new Reader(folder.resolve("never-" + bucket), true, false);

        store.put(new ByteArrayInputStream(content(1 << 20)), Long.MAX_VALUE, reader);

        assertThat(reader.askedForCopy).isFalse();
        assertThat(reader.told).isEmpty();
    }

    private void assertStored(StoredBlob blob, byte[] content) throws java.io.IOException {
        assertThat(blob.size()).isEqualTo(content.length);
        try (InputStream stored = store.open(blob.key(), null)) {
            assertThat(stored.readAllBytes()).isEqualTo(content);
        }
    }

    /** What a reader of the copy is told, and the copy's size on disk each time: a copy is told of once written. */
    private static final class Reader implements BlobStore.Growth {
        final Path copy;
        final boolean wanted;
        final boolean failing;
        final List<Long> told = new ArrayList<>();
        final List<Long> sizesOnDisk = new ArrayList<>();
        boolean askedForCopy;

        Reader(Path copy, boolean wanted, boolean failing) {
            this.copy = copy;
            this.wanted = wanted;
            this.failing = failing;
        }

        @Override
        public void written(Path file, long bytes) {
            assertThat(file).isEqualTo(copy);
            told.add(bytes);
            try {
                sizesOnDisk.add(Files.size(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (failing) {
                throw new IllegalStateException("the reader broke");
            }
        }

        @Override
        public Path copyTo() {
            askedForCopy = true;
            return copy;
        }

        @Override
        public boolean copyWanted() {
            return wanted;
        }
    }

    private static byte[] content(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return content;
    }
}
