package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.config.DataFolder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * Upload links end to end: an engineer creates one, the collector's exact requests (replayed by
 * {@link CollectorRequests}) upload a bundle through it with a connection that breaks half-way and resumes, and the
 * bundle lands on the case, on its timeline and is diagnosed. The link reveals nothing of the case.
 */
@DeskTest
@TestPropertySource(
        properties = {
            "patchdesk.data-dir=target/test-data-upload-links",
            "patchdesk.files.max-upload=64MB",
            "patchdesk.jobs.poll-interval=PT0.2S",
            // Not this server's address: links, their page and their script must name it all the same.
            "patchdesk.public-base-url=" + UploadLinksTest.PUBLIC_BASE
        })
class UploadLinksTest {

    static final String PUBLIC_BASE = "https://upload.patchdesk.example";

    @LocalServerPort
    int port;

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    AuditTrail audit;

    @Autowired
    TusUploads tus;

    @Autowired
    DataFolder data;

    private final HttpClient http = HttpClient.newHttpClient();
    private CollectorRequests collector;
    private Organisation bank;
    private Actor engineer;
    private Actor customer;
    private String number;
    private String title;

    /**
     * Link ids start again with each database (this class runs on H2, then on PostgreSQL) and the scratch folder of
     * uploads in progress outlives it: what an earlier run left there would count as this run's links' uploads.
     */
    @BeforeAll
    static void noUploadsInProgressFromAnEarlierRun() throws IOException {
        FileSystemUtils.deleteRecursively(Path.of("target", "test-data-upload-links", "tmp", "tus"));
    }

    @BeforeEach
    void openCase() {
        collector = new CollectorRequests(port);
        bank = fixtures.organisation("湖北农商银行");
        engineer = fixtures.engineer();
        customer = fixtures.customer(bank);
        number = fixtures.openCase(bank).number().value();
        title = api.as(engineer)
                .get("/api/cases/" + number)
                .json()
                .path("title")
                .asString();
    }

    @Test
    void theCollectorsUploadBreaksOffResumesAndLandsOnTheCaseDiagnosed() throws Exception {
        JsonNode link = createLink(Map.of("validFor", "P3D", "maxFiles", 2));
        String endpoint = filesEndpoint(link);
        byte[] bundle = CollectorBundle.zip();
        String name = "PatchdeskCollector_PC-BANK-017_20240123-1540.zip";

        HttpResponse<String> created = collector.create(endpoint, name, bundle.length);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String upload = created.headers().firstValue("Location").orElseThrow();
        collector.brokenPatch(upload, 0, bundle, bundle.length, bundle.length / 2);
        long resumeAt = await().atMost(Duration.ofSeconds(10)).until(() -> collector.offset(upload), o -> o >= 0);
        assertThat(resumeAt).isLessThan(bundle.length);
        assertThat(collector.sendRest(upload, bundle, resumeAt)).isEqualTo(bundle.length);

        JsonNode file = await().atMost(Duration.ofSeconds(10)).until(() -> stored(name), f -> f != null);
        assertThat(file.path("size").asLong()).isEqualTo(bundle.length);
        assertThat(file.path("sha256").asString()).isEqualTo(BlobStoreContract.sha256(bundle));
        assertThat(entries("UPLOAD"))
                .anySatisfy(e -> assertThat(e.path("summary").asString()).startsWith(TusUploads.ARRIVAL + name));
        JsonNode diagnosis = awaitDiagnosis();
        assertThat(diagnosis.path("status").asString()).isEqualTo("done");
        assertThat(diagnosis
                        .path("findings")
                        .valueStream()
                        .map(f -> f.path("ruleId").asString()))
                .contains("component-store-repairable");
        assertThat(collector.offset(upload))
                .as("the finished upload is told complete, its scratch copy gone")
                .isEqualTo(bundle.length);
        assertThat(filesReceivedByTheFirstLink()).isEqualTo(1);
    }

    @Test
    void aLargeUploadInSeveralPartsResumesInItsSecondPart() throws Exception {
        JsonNode link = createLink(Map.of("maxFiles", 1));
        String endpoint = filesEndpoint(link);
        byte[] content = BlobStoreContract.random(9 * 1024 * 1024 + 123, 17);
        long partsBefore = tus.storedWithDigest("parts");

        String upload = newUpload(endpoint, "内存转储.bin", content.length);
        HttpResponse<String> first = collector.patch(upload, 0, content, 0, CollectorRequests.CHUNK);
        assertThat(first.statusCode()).isEqualTo(204);
        collector.brokenPatch(upload, CollectorRequests.CHUNK, content, CollectorRequests.CHUNK, 1_000_000);
        long resumeAt = await().atMost(Duration.ofSeconds(10))
                .until(() -> collector.offset(upload), o -> o >= CollectorRequests.CHUNK);
        collector.sendRest(upload, content, resumeAt);

        assertStoredWhole("内存转储.bin", content);
        assertThat(tus.storedWithDigest("parts"))
                .as("the digest taken part by part, past a broken part")
                .isEqualTo(partsBefore + 1);
        assertThat(get(link.path("url").asString()).statusCode())
                .as("its one file is used")
                .isEqualTo(404);
    }

    @Test
    void thePageNamesNothingOfTheCaseAndRunsOnlyTheServersScript() throws Exception {
        JsonNode link = createLink(Map.of());
        String url = link.path("url").asString();
        assertThat(url).startsWith(PUBLIC_BASE + "/u/");

        // Asked for at the server's own address (as behind a proxy): the page still names only the public one.
        HttpResponse<String> page = get(url + "?lang=zh-CN");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("向支持工程师上传文件", "/js/upload-link.js", "upload-link-progress")
                .contains(PUBLIC_BASE + URI.create(url).getPath() + "/collector.ps1")
                .doesNotContain(number, title, "湖北农商银行", "<script>", "localhost");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(get(url + "?lang=en").body()).contains("Upload files for your support engineer");
        HttpResponse<String> script = get(url + "/collector.ps1");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body())
                .contains("$PatchdeskUploadUrl = '" + url + "/files'")
                .doesNotContain("__PATCHDESK_UPLOAD_URL__", number, "localhost");
        assertThat(link.path("collectorCommand").asString()).contains(url + "/collector.ps1");
    }

    /**
     * A client behind a proxy that refuses PATCH sends its parts as POSTs that name PATCH in
     * {@code X-HTTP-Method-Override}; the library acts on the method named, and so do the link's own checks: such an
     * upload lands whole, and a creation sent as a PATCH that names POST still meets the link's cap.
     */
    @Test
    void methodsNamedInAnOverrideAreCheckedAndFollowedAsTheLibraryActsOnThem() throws Exception {
        JsonNode link = createLink(Map.of("maxFiles", 1, "maxBytes", 2 * CollectorRequests.CHUNK));
        String endpoint = filesEndpoint(link);
        byte[] content = BlobStoreContract.random(CollectorRequests.CHUNK + 1000, 23);

        assertThat(collector
                        .overridden(endpoint, "PATCH", "POST", 2L * CollectorRequests.CHUNK + 1, new byte[0], 0, 0)
                        .statusCode())
                .as("a creation past the link's cap, sent as a PATCH")
                .isEqualTo(413);
        String upload = newUpload(endpoint, "代理后的上传.bin", content.length);
        assertThat(collector
                        .overridden(upload, "POST", "PATCH", 0, content, 0, CollectorRequests.CHUNK)
                        .statusCode())
                .isEqualTo(204);
        assertThat(collector
                        .overridden(
                                upload,
                                "POST",
                                "PATCH",
                                CollectorRequests.CHUNK,
                                content,
                                CollectorRequests.CHUNK,
                                1000)
                        .statusCode())
                .isEqualTo(204);

        assertStoredWhole("代理后的上传.bin", content);
    }

    /**
     * A client that lost the answer to its last part asks where to resume, or sends the part again, once the upload is
     * stored and its scratch copy gone: it is told the upload is complete, and nothing is stored twice.
     */
    @Test
    void aStoredUploadIsToldCompleteToAClientThatLostTheLastAnswer() throws Exception {
        JsonNode link = createLink(Map.of("maxFiles", 2));
        String endpoint = filesEndpoint(link);
        byte[] content = BlobStoreContract.random(CollectorRequests.CHUNK + 1000, 29);
        String upload = newUpload(endpoint, "重发.bin", content.length);
        collector.sendRest(upload, content, 0);
        assertStoredWhole("重发.bin", content);

        assertThat(collector.offset(upload)).isEqualTo(content.length);
        HttpResponse<String> again =
                collector.patch(upload, CollectorRequests.CHUNK, content, CollectorRequests.CHUNK, 1000);
        assertThat(again.statusCode()).isEqualTo(204);
        assertThat(again.headers().firstValue("Upload-Offset")).hasValue(Long.toString(content.length));
        assertThat(entries("UPLOAD"))
                .filteredOn(e -> e.path("summary").asString().contains("重发.bin"))
                .hasSize(1);
        assertThat(filesReceivedByTheFirstLink()).isEqualTo(1);
        String otherLink = filesEndpoint(createLink(Map.of()));
        String foreign = otherLink + upload.substring(upload.lastIndexOf('/'));
        assertThat(collector.offset(foreign)).as("another link's view of it").isEqualTo(-1);
    }

    @Test
    void aLinkOfACaseMergedIntoAnotherDeliversIntoTheCaseItWentInto() throws Exception {
        String endpoint = filesEndpoint(createLink(Map.of("maxFiles", 2)));
        String survivor = fixtures.openCase(bank).number().value();
        ApiClient.Response merged = api.as(engineer).post("/api/cases/" + number + "/merge", Map.of("into", survivor));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.json().path("uploadLinks").asInt()).isEqualTo(1);

        byte[] content = BlobStoreContract.random(2000, 41);
        String upload = newUpload(endpoint, "合并后上传.bin", content.length);
        assertThat(collector.sendRest(upload, content, 0)).isEqualTo(content.length);

        String previous = number;
        number = survivor;
        assertStoredWhole("合并后上传.bin", content);
        assertThat(filesReceivedByTheFirstLink()).isEqualTo(1);
        number = previous;
        assertThat(stored("合并后上传.bin"))
                .as("nothing lands on the closed duplicate")
                .isNull();
    }

    /**
     * Parts sent chunked land whole (the library is not told of the container's chunked decoding, so that it does not
     * hash them with all its checksum algorithms), and a checksum in the {@code Upload-Checksum} header is still
     * checked.
     */
    @Test
    void chunkedPartsLandWholeAndTheirChecksumHeaderIsStillChecked() throws Exception {
        JsonNode link = createLink(Map.of("maxFiles", 1));
        String endpoint = filesEndpoint(link);
        byte[] content = BlobStoreContract.random(CollectorRequests.CHUNK + 1000, 31);
        String upload = newUpload(endpoint, "分块.bin", content.length);
        byte[] firstSha1 = java.security.MessageDigest.getInstance("SHA-1")
                .digest(java.util.Arrays.copyOf(content, CollectorRequests.CHUNK));

        assertThat(collector
                        .chunkedPatch(upload, 0, content, 0, CollectorRequests.CHUNK, new byte[20])
                        .statusCode())
                .as("a wrong checksum")
                .isEqualTo(460);
        assertThat(collector.offset(upload)).isZero();
        assertThat(collector
                        .chunkedPatch(upload, 0, content, 0, CollectorRequests.CHUNK, firstSha1)
                        .statusCode())
                .isEqualTo(204);
        assertThat(collector
                        .chunkedPatch(upload, CollectorRequests.CHUNK, content, CollectorRequests.CHUNK, 1000, null)
                        .statusCode())
                .isEqualTo(204);

        assertStoredWhole("分块.bin", content);
    }

    @Test
    void wrongRevokedAndOversizeUploadsAreRefusedAndNothingIsKept() throws Exception {
        JsonNode link = createLink(Map.of("maxBytes", 1000));
        String url = link.path("url").asString();
        String path = URI.create(url).getPath();
        long id = link.path("link").path("id").asLong();

        assertThat(collector.create(path + "/files", "big.zip", 1001).statusCode())
                .isEqualTo(413);
        String wrong = path.substring(0, path.length() - 4) + "AAAA";
        assertThat(collector.create(wrong + "/files", "x.zip", 10).statusCode()).isEqualTo(404);
        assertThat(get(collector.absolute(wrong)).statusCode()).isEqualTo(404);
        assertThat(get(collector.absolute("/u/999999/" + "A".repeat(43))).statusCode())
                .isEqualTo(404);

        assertThat(api.as(customer)
                        .delete("/api/cases/" + number + "/upload-links/" + id)
                        .status())
                .isEqualTo(403);
        assertThat(api.as(engineer)
                        .delete("/api/cases/" + number + "/upload-links/" + id)
                        .status())
                .isEqualTo(204);
        assertThat(collector.create(path + "/files", "x.zip", 10).statusCode()).isEqualTo(404);
        assertThat(get(url).statusCode()).isEqualTo(404);
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/files")
                        .json()
                        .size())
                .isZero();
        assertThat(audit.forEntity("upload_link", id))
                .extracting(r -> r.action())
                .contains("created", "revoked");
    }

    /**
     * A link's unfinished uploads are at most one more than the files it still takes (a sender that starts again): the
     * scratch folder holds no more than that, however many uploads a holder of the link starts and leaves. One left
     * alone for long enough gives way to a new one; one in use does not.
     */
    @Test
    void aLinksUnfinishedUploadsAreAtMostOneMoreThanTheFilesItStillTakes() throws Exception {
        String endpoint = filesEndpoint(createLink(Map.of("maxFiles", 2, "maxBytes", 1_000_000)));
        byte[] content = BlobStoreContract.random(500_000, 31);
        String first = newUpload(endpoint, "一.zip", content.length);
        String second = newUpload(endpoint, "二.zip", content.length);
        String again = newUpload(endpoint, "二.zip", content.length);
        assertThat(collector.patch(first, 0, content, 0, 1000).statusCode()).isEqualTo(204);
        assertThat(collector.patch(second, 0, content, 0, 1000).statusCode()).isEqualTo(204);

        List<Path> before = uploadsInScratch();
        HttpResponse<String> fourth = collector.create(endpoint, "三.zip", content.length);
        assertThat(fourth.statusCode()).isEqualTo(409);
        assertThat(fourth.body()).contains("3 upload(s) in progress, for the 2 file(s)");
        assertThat(fourth.headers().firstValue("Location")).isEmpty();
        assertThat(uploadsInScratch()).as("nothing kept of the refused one").isEqualTo(before);

        Instant longAgo = Instant.now().minus(TusUploads.GIVES_WAY_AFTER).minusSeconds(60);
        Path firstFolder = scratchFolderOf(first);
        Files.setLastModifiedTime(firstFolder.resolve(TusScratch.BYTES), FileTime.from(longAgo));
        Files.setLastModifiedTime(firstFolder, FileTime.from(longAgo));

        String replacing = newUpload(endpoint, "三.zip", content.length);
        assertThat(collector.offset(first)).as("the upload that gave way").isEqualTo(-1);
        assertThat(firstFolder).doesNotExist();
        assertThat(collector.offset(second)).isEqualTo(1000);
        assertThat(collector.offset(again)).isZero();

        collector.sendRest(second, content, 1000);
        assertStoredWhole("二.zip", content);
        assertThat(collector.create(endpoint, "四.zip", content.length).statusCode())
                .as("one file left, two uploads in progress")
                .isEqualTo(409);
        byte[] other = BlobStoreContract.random(500_000, 37); // another file: the same bytes would be a duplicate
        collector.sendRest(replacing, other, 0);
        assertStoredWhole("三.zip", other);
        assertThat(filesReceivedByTheFirstLink()).isEqualTo(2);
    }

    /** Creations at once through one link cannot both take its last place. */
    @Test
    void creationsAtOnceThroughOneLinkTakeNoMorePlacesThanItHas() throws Exception {
        String endpoint = filesEndpoint(createLink(Map.of("maxFiles", 1, "maxBytes", 1_000_000)));
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> created = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "并发-" + i + ".zip";
                created.add(senders.submit(() -> collector.create(endpoint, name, 1000)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : created) {
                statuses.add(answer.get(30, TimeUnit.SECONDS).statusCode());
            }
            assertThat(statuses)
                    .containsOnly(201, 409)
                    .filteredOn(status -> status == 201)
                    .hasSize(2);
        } finally {
            senders.shutdownNow();
        }
    }

    private List<Path> uploadsInScratch() throws IOException {
        try (Stream<Path> folders = Files.list(scratchUploads())) {
            return folders.sorted().toList();
        }
    }

    private Path scratchFolderOf(String upload) {
        return scratchUploads().resolve(upload.substring(upload.lastIndexOf('/') + 1));
    }

    private Path scratchUploads() {
        return data.dataDir().resolve("tmp").resolve("tus").resolve("uploads");
    }

    @Test
    void onlyStaffCreateLinksAndTheirLimitsAreChecked() {
        assertThat(api.as(customer)
                        .post("/api/cases/" + number + "/upload-links", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(api.as(engineer)
                        .post("/api/cases/" + number + "/upload-links", Map.of("maxFiles", 0))
                        .status())
                .isEqualTo(400);
        assertThat(api.as(engineer)
                        .post("/api/cases/" + number + "/upload-links", Map.of("validFor", "P1000D"))
                        .status())
                .isEqualTo(400);
        String other = fixtures.openCase(fixtures.organisation("别的银行")).number().value();
        Actor stranger = fixtures.customer(fixtures.organisation("第三家银行"));
        assertThat(api.as(stranger)
                        .post("/api/cases/" + other + "/upload-links", Map.of())
                        .status())
                .isEqualTo(404);
    }

    private JsonNode createLink(Map<String, Object> body) {
        ApiClient.Response response = api.as(engineer).post("/api/cases/" + number + "/upload-links", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private int filesReceivedByTheFirstLink() {
        return api.as(engineer)
                .get("/api/cases/" + number + "/upload-links")
                .json()
                .get(0)
                .path("filesReceived")
                .asInt();
    }

    /** Where a link takes resumable uploads, as the collector is given it: the link's path and {@code /files}. */
    private static String filesEndpoint(JsonNode link) {
        return URI.create(link.path("url").asString()).getPath() + "/files";
    }

    /** A new resumable upload of {@code length} bytes named {@code name} through {@code endpoint}: its address. */
    private String newUpload(String endpoint, String name, long length) throws Exception {
        HttpResponse<String> created = collector.create(endpoint, name, length);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.headers().firstValue("Location").orElseThrow();
    }

    /** The upload named {@code name} is stored on the case, soon, as {@code content}. */
    private void assertStoredWhole(String name, byte[] content) throws Exception {
        JsonNode file = await().atMost(Duration.ofSeconds(10)).until(() -> stored(name), f -> f != null);
        assertThat(file.path("sha256").asString()).isEqualTo(BlobStoreContract.sha256(content));
    }

    private JsonNode stored(String name) {
        return api.as(engineer)
                .get("/api/cases/" + number + "/files")
                .json()
                .valueStream()
                .filter(f -> f.path("name").asString().equals(name)
                        && f.path("status").asString().equals("STORED"))
                .findFirst()
                .orElse(null);
    }

    private JsonNode awaitDiagnosis() {
        return await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            JsonNode list = api.as(engineer)
                                    .get("/api/cases/" + number + "/diagnoses")
                                    .json();
                            return list.isEmpty() ? null : list.get(0);
                        },
                        d -> d != null
                                && List.of("done", "failed")
                                        .contains(d.path("status").asString()));
    }

    private List<JsonNode> entries(String kind) {
        return api.as(engineer)
                .get("/api/cases/" + number + "/entries")
                .json()
                .valueStream()
                .filter(e -> e.path("kind").asString().equals(kind))
                .toList();
    }

    /** A link's page at this server's own address, whatever public address the link names. */
    private HttpResponse<String> get(String url) throws Exception {
        URI uri = URI.create(url);
        String local =
                collector.absolute(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        return http.send(HttpRequest.newBuilder(URI.create(local)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
