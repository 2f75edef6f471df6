package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A resumable upload whose store fails as it completes (S3 gone): the sender is told so, not answered 204 with the full
 * offset (which the collector and the page took for success), and the link's file is given back for the upload sent
 * again.
 */
@DeskTest
@TestPropertySource(
        properties = {
            "patchdesk.data-dir=target/test-data-upload-store-failure",
            "patchdesk.storage.type=s3",
            "patchdesk.storage.s3.bucket=failing",
            "patchdesk.jobs.enabled=false"
        })
@Tag("slow")
class UploadLinkStoreFailureTest {

    private static S3ProxyProcess proxy;

    @LocalServerPort
    int port;

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws Exception {
        proxy = S3ProxyProcess.startFor(registry, "failing");
    }

    @AfterAll
    static void stopProxy() throws Exception {
        proxy.close();
    }

    @Test
    void anUploadTheStoreCannotTakeIsAnsweredAsFailedAndItsLinkFileIsGivenBack() throws Exception {
        Organisation bank = fixtures.organisation("存储故障银行");
        Actor engineer = fixtures.engineer();
        String number = fixtures.openCase(bank).number().value();
        ApiClient.Response created =
                api.as(engineer).post("/api/cases/" + number + "/upload-links", Map.of("maxFiles", 1));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String endpoint = URI.create(created.json().path("url").asString()).getPath() + "/files";
        CollectorRequests collector = new CollectorRequests(port);
        byte[] content = BlobStoreContract.random(200_000, 41);
        HttpResponse<String> upload = collector.create(endpoint, "日志.zip", content.length);
        assertThat(upload.statusCode()).isEqualTo(201);
        String url = upload.headers().firstValue("Location").orElseThrow();

        try (var s3 = proxy.client()) {
            s3.deleteBucket(b -> b.bucket("failing")); // empty: nothing was stored yet
        }
        HttpResponse<String> last = collector.patch(url, 0, content, 0, content.length);

        assertThat(last.statusCode()).isEqualTo(500);
        assertThat(last.body()).contains("could not be stored").contains("Send it again");
        assertThat(collector.offset(url))
                .as("nothing left to resume: sent again whole")
                .isEqualTo(-1);
        assertThat(filesReceived(engineer, number))
                .as("the link's file given back")
                .isZero();

        proxy.createBucket("failing");
        HttpResponse<String> again = collector.create(endpoint, "日志.zip", content.length);
        assertThat(again.statusCode()).isEqualTo(201);
        String second = again.headers().firstValue("Location").orElseThrow();
        assertThat(collector.patch(second, 0, content, 0, content.length).statusCode())
                .isEqualTo(204);
        assertThat(filesReceived(engineer, number)).isEqualTo(1);
    }

    /** How many files the case's one upload link has taken. */
    private int filesReceived(Actor engineer, String number) {
        return api.as(engineer)
                .get("/api/cases/" + number + "/upload-links")
                .json()
                .get(0)
                .path("filesReceived")
                .asInt();
    }
}
