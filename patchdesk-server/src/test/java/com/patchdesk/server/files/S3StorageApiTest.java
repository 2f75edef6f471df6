package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole file exchange with {@code patchdesk.storage.type=s3}, against s3proxy in its own JVM. */
@DeskTest
@TestPropertySource(
        properties = {
            "patchdesk.storage.type=s3",
            "patchdesk.storage.s3.bucket=patchdesk",
            "patchdesk.storage.s3.part-size=5MB",
            "patchdesk.jobs.enabled=false"
        })
@Tag("slow")
class S3StorageApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static S3ProxyProcess proxy;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws Exception {
        proxy = S3ProxyProcess.startFor(registry, "patchdesk");
    }

    @AfterAll
    static void stopProxy() throws Exception {
        proxy.close();
    }

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    BlobStore blobs;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUploadRoundTripsThroughS3WithItsChecksumAndALinkServesRanges() throws Exception {
        assertThat(blobs).isInstanceOf(S3BlobStore.class);
        Organisation bank = fixtures.organisation("招商银行");
        Actor customer = fixtures.customer(bank);
        Actor engineer = fixtures.engineer();
        String number = fixtures.openCase(bank).number().value();
        byte[] content = BlobStoreContract.random(11 * 1024 * 1024 + 5, 30);

        HttpResponse<String> uploaded = http.send(
                api.as(customer)
                        .request("/api/cases/" + number + "/files?name="
                                + URLEncoder.encode("内存转储.dmp", StandardCharsets.UTF_8))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode file = JSON.readTree(uploaded.body());
        assertThat(file.path("sha256").asString()).isEqualTo(BlobStoreContract.sha256(content));
        assertThat(blobs.exists(file.path("sha256").asString())).isTrue();
        HttpResponse<byte[]> back = http.send(
                api.as(customer)
                        .request("/api/cases/" + number + "/files/"
                                + file.path("id").asLong() + "/content")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(BlobStoreContract.sha256(back.body())).isEqualTo(BlobStoreContract.sha256(content));

        String url = api.as(engineer)
                .post(
                        "/api/cases/" + number + "/downloads",
                        Map.of("fileId", file.path("id").asLong()))
                .json()
                .path("url")
                .asString();
        url = java.net.URI.create(url).getRawPath() + "?"
                + java.net.URI.create(url).getRawQuery();
        HttpResponse<byte[]> whole =
                http.send(api.anonymous().request(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> range = http.send(
                api.anonymous()
                        .request(url)
                        .header("Range", "bytes=6000000-6000999")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(BlobStoreContract.sha256(whole.body())).isEqualTo(BlobStoreContract.sha256(content));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 6_000_000, 6_001_000));
    }

    @Autowired
    OrphanBlobs orphans;

    /**
     * The sweep of orphans on S3: a blob no row names goes (here with the grace ending a minute from now, as S3's
     * times cannot be set back), an uploaded file's blob stays and can still be downloaded.
     */
    @Test
    void anOrphanInTheBucketIsRemovedAndAnUploadedFileStays() throws Exception {
        Organisation bank = fixtures.organisation("对象存储银行");
        Actor customer = fixtures.customer(bank);
        String number = fixtures.openCase(bank).number().value();
        byte[] content = BlobStoreContract.random(64 * 1024, 31);
        HttpResponse<String> uploaded = http.send(
                api.as(customer)
                        .request("/api/cases/" + number + "/files?name=setupapi.dev.log")
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        StoredBlob orphan =
                blobs.put(new java.io.ByteArrayInputStream(BlobStoreContract.random(1000, 32)), Long.MAX_VALUE);

        OrphanBlobs.Swept swept = orphans.sweep(java.time.Instant.now().plusSeconds(60));

        String kept = JSON.readTree(uploaded.body()).path("sha256").asString();
        assertThat(swept.keys()).contains(orphan.key()).doesNotContain(kept);
        assertThat(blobs.exists(orphan.key())).isFalse();
        assertThat(blobs.exists(kept)).isTrue();
        HttpResponse<byte[]> back = http.send(
                api.as(customer)
                        .request("/api/cases/" + number + "/files/"
                                + JSON.readTree(uploaded.body()).path("id").asLong() + "/content")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(back.body()).isEqualTo(content);
    }
}
