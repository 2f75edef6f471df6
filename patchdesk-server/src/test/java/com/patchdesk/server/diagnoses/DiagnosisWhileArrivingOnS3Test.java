package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.files.BlobStore;
import com.patchdesk.server.files.S3ProxyProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The same as {@link DiagnosisWhileArrivingTest} with the uploads stored in S3 (s3proxy in its own JVM), which keeps
 * no file on this machine: the store writes a copy part by part for the child to follow ({@code
 * BlobStore.Growth#copyTo}), and the copy, moved into the child's folder, is the complete file it checks its reading
 * against. The bundles are larger than one part (5 MB here), as only a multipart upload is copied.
 */
@TestPropertySource(
        properties = {
            "patchdesk.data-dir=target/test-data-arriving-s3",
            "patchdesk.storage.type=s3",
            "patchdesk.storage.s3.bucket=arriving",
            "patchdesk.storage.s3.part-size=5MB"
        })
@Tag("slow")
class DiagnosisWhileArrivingOnS3Test extends DiagnosisWhileArrivingTest {

    private static S3ProxyProcess proxy;

    @Autowired
    BlobStore blobs;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws Exception {
        proxy = S3ProxyProcess.startFor(registry, "arriving");
    }

    @AfterAll
    static void stopProxy() throws Exception {
        proxy.close();
    }

    @Override
    int routineBytes() {
        return 12 * 1024 * 1024;
    }

    @Test
    void theUploadsGoToS3() {
        assertThat(blobs.getClass().getSimpleName()).isEqualTo("S3BlobStore");
    }
}
