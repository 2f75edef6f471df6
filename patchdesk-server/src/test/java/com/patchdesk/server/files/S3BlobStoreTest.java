package com.patchdesk.server.files;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
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
}
