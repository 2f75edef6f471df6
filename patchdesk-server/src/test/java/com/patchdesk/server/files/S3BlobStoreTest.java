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
        client = StorageConfiguration.s3Client(new StorageProperties.S3(
                proxy.endpoint(), null, null, S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY, true, null));
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

    /** A content of several parts is copied where its growth asks, each part before it is sent; the put stores it all. */
    @Test
    void aContentOfSeveralPartsIsCopiedPartByPartWhereItsGrowthAsks() throws Exception {
        byte[] content = content(12 << 20);
        Path copy = Files.createFile(folder.resolve("copy-" + bucket));
        List<Long> told = new ArrayList<>();

        StoredBlob blob = store.put(new ByteArrayInputStream(content), Long.MAX_VALUE, new BlobStore.Growth() {
            @Override
            public void written(Path file, long bytes) {
                assertThat(file).isEqualTo(copy);
                assertThat(file).hasSize(bytes);
                told.add(bytes);
            }

            @Override
            public Path copyTo() {
                return copy;
            }
        });

        assertThat(told).containsExactly(5L << 20, 10L << 20, 12L << 20);
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        try (InputStream stored = store.open(blob.key(), null)) {
            assertThat(stored.readAllBytes()).isEqualTo(content);
        }
    }

    /** A reader that stops following gives the copy up after the part it was told of; the content is stored whole. */
    @Test
    void aCopyNoLongerWantedIsGivenUpAndThePutGoesOn() throws Exception {
        byte[] content = content(12 << 20);
        Path copy = Files.createFile(folder.resolve("given-up-" + bucket));
        List<Long> told = new ArrayList<>();

        StoredBlob blob = store.put(new ByteArrayInputStream(content), Long.MAX_VALUE, new BlobStore.Growth() {
            @Override
            public void written(Path file, long bytes) {
                told.add(bytes);
            }

            @Override
            public Path copyTo() {
                return copy;
            }

            @Override
            public boolean copyWanted() {
                return false;
            }
        });

        assertThat(told).containsExactly(5L << 20);
        assertThat(copy).hasSize(5L << 20);
        assertThat(blob.size()).isEqualTo(content.length);
        try (InputStream stored = store.open(blob.key(), null)) {
            assertThat(stored.readAllBytes()).isEqualTo(content);
        }
    }

    /** A reader that fails is its own failure: the copy is given up and the content is stored whole. */
    @Test
    void aReaderThatFailsGivesTheCopyUpAndThePutGoesOn() throws Exception {
        byte[] content = content(12 << 20);
        Path copy = Files.createFile(folder.resolve("failing-reader-" + bucket));
        List<Long> told = new ArrayList<>();

        StoredBlob blob = store.put(new ByteArrayInputStream(content), Long.MAX_VALUE, new BlobStore.Growth() {
            @Override
            public void written(Path file, long bytes) {
                told.add(bytes);
                throw new IllegalStateException("the reader broke");
            }

            @Override
            public Path copyTo() {
                return copy;
            }
        });

        assertThat(told).containsExactly(5L << 20);
        assertThat(copy).hasSize(5L << 20);
        try (InputStream stored = store.open(blob.key(), null)) {
            assertThat(stored.readAllBytes()).isEqualTo(content);
        }
    }

    /** A copy that cannot be opened (its folder is gone) is no copy; the put goes on. */
    @Test
    void aCopyThatCannotBeWrittenLeavesThePutAlone() throws Exception {
        byte[] content = content(7 << 20);
        List<Long> told = new ArrayList<>();

        StoredBlob blob = store.put(new ByteArrayInputStream(content), Long.MAX_VALUE, new BlobStore.Growth() {
            @Override
            public void written(Path file, long bytes) {
                told.add(bytes);
            }

            @Override
            public Path copyTo() {
                return folder.resolve("no-such-folder").resolve("copy");
            }
        });

        assertThat(told).isEmpty();
        assertThat(blob.size()).isEqualTo(content.length);
    }

    /** A content that fits one request is never copied: nothing follows so small an upload. */
    @Test
    void aContentOfOnePartIsNotCopied() throws Exception {
        boolean[] asked = {false};

        store.put(new ByteArrayInputStream(content(1 << 20)), Long.MAX_VALUE, new BlobStore.Growth() {
            @Override
            public void written(Path file, long bytes) {
                asked[0] = true;
            }

            @Override
            public Path copyTo() {
                asked[0] = true;
                return null;
            }
        });

        assertThat(asked[0]).isFalse();
    }

    private static byte[] content(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return content;
    }
}
