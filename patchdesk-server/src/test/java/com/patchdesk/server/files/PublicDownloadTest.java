package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.cases.CaseRef;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

@DeskTest
@TestPropertySource(
        properties = {
            "patchdesk.data-dir=target/test-data",
            "patchdesk.files.max-upload=8MB",
            "patchdesk.jobs.enabled=false"
        })
class PublicDownloadTest {

    @LocalServerPort
    int port;

    @Autowired
    CaseFiles files;

    @Autowired
    DownloadLinks links;

    @Autowired
    MutableClock clock;

    @Autowired
    DeskFixtures fixtures;

    private CaseRef caseRef;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void openCase() {
        caseRef = fixtures.openCase(fixtures.organisation("湖北农信"));
    }

    @Test
    void aLinkDownloadsTheFileUnderItsChineseNameAndRecordsTheTransfer() throws Exception {
        byte[] content = BlobStoreContract.random(300_000, 10);
        var published = publish("日志包 KB5032196 (湖北).zip", content, Duration.ofDays(7), null);

        HttpResponse<byte[]> response = get(published.path(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(BlobStoreContract.sha256(response.body())).isEqualTo(BlobStoreContract.sha256(content));
        String disposition =
                response.headers().firstValue("Content-Disposition").orElseThrow();
        assertThat(disposition)
                .startsWith("attachment;")
                .contains("filename*=UTF-8''" + URLEncoder.encode("日志包", StandardCharsets.UTF_8));
        assertThat(decodeFilenameStar(disposition)).isEqualTo("日志包 KB5032196 (湖北).zip");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        // The server records a transfer once the last byte is handed over, which may be just after the client has it.
        await().atMost(10, TimeUnit.SECONDS).until(() -> !records(published).isEmpty());
        List<DownloadLink.DownloadRecord> records = records(published);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.bytesSent()).isEqualTo(content.length);
            assertThat(r.complete()).isTrue();
            assertThat(r.clientAddress()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void rangesAreServedAsPartialContentAndAnUnsatisfiableRangeGets416() throws Exception {
        byte[] content = BlobStoreContract.random(100_000, 11);
        var published = publish("CBS.log", content, Duration.ofDays(1), null);
        assertThat(get(published.path(), "bytes=0-99").statusCode()).isEqualTo(206);

        HttpResponse<byte[]> middle = get(published.path(), "bytes=1000-1999");
        HttpResponse<byte[]> tail = get(published.path(), "bytes=-10");
        HttpResponse<byte[]> beyond = get(published.path(), "bytes=100000-");

        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/100000");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(content, 1000, 2000));
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(content, 99_990, 100_000));
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */100000");
    }

    @Test
    void wrongExpiredRevokedAndExhaustedLinksAllGetTheSamePlain404() throws Exception {
        byte[] content = "CheckHealth: 组件存储可以修复".getBytes(StandardCharsets.UTF_8);
        var expiring = publish("a.txt", content, Duration.ofHours(1), null);
        var revoked = publish("b.txt", content, Duration.ofHours(1), null);
        var once = publish("c.txt", content, Duration.ofHours(1), 1);
        var good = publish("d.txt", content, Duration.ofHours(1), null);

        assertThat(get(once.path(), null).statusCode()).isEqualTo(200);
        links.revoke(caseRef, revoked.link().id(), null);
        clock.advance(Duration.ofMinutes(61));
        String wrongToken = good.path().substring(0, good.path().length() - 2) + "xx";

        List<HttpResponse<byte[]>> refused = List.of(
                get(expiring.path(), null),
                get(revoked.path(), null),
                get(once.path(), null),
                get(wrongToken, null),
                get("/d/999999?t=abc", null),
                get("/d/" + good.link().id(), null),
                get("/d/not-a-number?t=x", null));

        HttpResponse<byte[]> first = refused.get(0);
        assertThat(first.statusCode()).isEqualTo(404);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("Not found\n");
        for (HttpResponse<byte[]> response : refused) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo(first.body());
            assertThat(response.headers().firstValue("Content-Type"))
                    .isEqualTo(first.headers().firstValue("Content-Type"));
        }
    }

    @Test
    void rangeRequestsCannotFetchTheFileAgainOnceTheLimitIsUsed() throws Exception {
        byte[] content = BlobStoreContract.random(50_000, 13);
        var once = publish("KB5001342.msu", content, Duration.ofDays(1), 1);

        assertThat(get(once.path(), null).statusCode()).isEqualTo(200);

        assertThat(get(once.path(), "bytes=1-").statusCode())
                .as("the whole file again, less one byte")
                .isEqualTo(404);
        assertThat(get(once.path(), "bytes=48000-").statusCode())
                .as("a retried tail fits the slack")
                .isEqualTo(206);
        assertThat(get(once.path(), "bytes=48000-").statusCode())
                .as("the slack is not a second copy")
                .isEqualTo(404);
    }

    @Test
    void bytesABrokenTransferDidNotSendCanBeResumedOnce() throws Exception {
        byte[] content = BlobStoreContract.random(50_000, 14);
        var once = publish("CbsPersist.cab", content, Duration.ofDays(1), 1);
        String token = once.path().substring(once.path().indexOf("?t=") + 3);
        DownloadLinks.Grant grant = links.authorize(once.link().id(), token).orElseThrow();

        assertThat(links.startDownload(grant, null)).isTrue();
        links.record(grant, clock.instant(), "10.1.2.3", null, 20_000, false);

        HttpResponse<byte[]> resumed = get(once.path(), "bytes=20000-");
        assertThat(resumed.statusCode()).isEqualTo(206);
        assertThat(resumed.body()).isEqualTo(Arrays.copyOfRange(content, 20_000, 50_000));
        assertThat(get(once.path(), "bytes=20000-").statusCode()).isEqualTo(404);
    }

    @Test
    void aLimitedLinkLetsAStartedDownloadResumeButNotStartAgain() throws Exception {
        byte[] content = BlobStoreContract.random(50_000, 12);
        var once = publish("SetupDiag.zip", content, Duration.ofDays(1), 1);

        HttpResponse<byte[]> resumeBeforeStart = get(once.path(), "bytes=20000-");
        HttpResponse<byte[]> first = get(once.path(), "bytes=0-19999");
        HttpResponse<byte[]> resumed = get(once.path(), "bytes=20000-");
        HttpResponse<byte[]> again = get(once.path(), null);

        assertThat(resumeBeforeStart.statusCode()).isEqualTo(404);
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(resumed.statusCode()).isEqualTo(206);
        byte[] joined = new byte[content.length];
        System.arraycopy(first.body(), 0, joined, 0, 20_000);
        System.arraycopy(resumed.body(), 0, joined, 20_000, 30_000);
        assertThat(joined).isEqualTo(content);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(links.find(once.link().caseId(), once.link().id())
                        .orElseThrow()
                        .downloadsStarted())
                .isEqualTo(1);
    }

    @Test
    void anAbortedTransferIsRecordedWithTheBytesActuallySent() throws Exception {
        byte[] content = BlobStoreContract.random(64 * 1024 * 1024, 13);
        var published = publish("memory.dmp", content, Duration.ofDays(1), null);

        HttpResponse<InputStream> response =
                http.send(request(published.path(), null), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            body.readNBytes(1024 * 1024);
        }

        await().atMost(30, TimeUnit.SECONDS).until(() -> !records(published).isEmpty());
        DownloadLink.DownloadRecord record = records(published).get(0);
        assertThat(record.complete()).isFalse();
        assertThat(record.bytesSent()).isGreaterThanOrEqualTo(1024 * 1024).isLessThan(content.length);
    }

    private DownloadLinks.Published publish(String name, byte[] content, Duration validFor, Integer limit)
            throws Exception {
        CaseFile file = files.receive(
                        caseRef,
                        name,
                        CaseFile.Origin.PUBLISHED,
                        new ByteArrayInputStream(content),
                        Long.MAX_VALUE,
                        null)
                .file();
        return links.publish(caseRef, file, clock.instant().plus(validFor), limit, null);
    }

    private List<DownloadLink.DownloadRecord> records(DownloadLinks.Published published) {
        return links.find(published.link().caseId(), published.link().id())
                .orElseThrow()
                .downloads();
    }

    private HttpResponse<byte[]> get(String path, String range) throws Exception {
        return http.send(request(path, range), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest request(String path, String range) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (range != null) {
            builder.header("Range", range);
        }
        return builder.build();
    }

    private static String decodeFilenameStar(String disposition) {
        String encoded = disposition.substring(disposition.indexOf("filename*=UTF-8''") + 17);
        int end = encoded.indexOf(';');
        return java.net.URLDecoder.decode(end < 0 ? encoded : encoded.substring(0, end), StandardCharsets.UTF_8);
    }
}
