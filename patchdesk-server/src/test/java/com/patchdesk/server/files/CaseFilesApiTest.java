package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseRef;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Uploads, listing, downloads and published links through the real HTTP API, as customers and engineers. */
@DeskTest
@TestPropertySource(
        properties = {
            "patchdesk.data-dir=target/test-data",
            "patchdesk.files.max-upload=8MB",
            "patchdesk.jobs.enabled=false"
        })
class CaseFilesApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CHINESE_NAME = "日志包 KB5032196 湖北.zip";

    @LocalServerPort
    int port;

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    jakarta.servlet.MultipartConfigElement multipart;

    private final HttpClient http = HttpClient.newHttpClient();
    private Actor customer;
    private Actor engineer;
    private String number;

    @BeforeEach
    void openCase() {
        Organisation bank = fixtures.organisation("中国银行");
        customer = fixtures.customer(bank);
        engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(bank);
        number = ref.number().value();
    }

    @Test
    void aCustomerUploadsAFileUnderAChineseNameAndGetsTheSameBytesBack() throws Exception {
        byte[] content = BlobStoreContract.random(3 * 1024 * 1024 + 7, 20);

        HttpResponse<String> uploaded = upload(customer, CHINESE_NAME, content);

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode file = JSON.readTree(uploaded.body());
        assertThat(file.path("name").asString()).isEqualTo(CHINESE_NAME);
        assertThat(file.path("sha256").asString()).isEqualTo(BlobStoreContract.sha256(content));
        assertThat(file.path("size").asLong()).isEqualTo(content.length);
        assertThat(file.path("status").asString()).isEqualTo("STORED");
        HttpResponse<byte[]> back = http.send(
                api.as(customer)
                        .request("/api/cases/" + number + "/files/"
                                + file.path("id").asLong() + "/content")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(BlobStoreContract.sha256(back.body())).isEqualTo(BlobStoreContract.sha256(content));
        assertThat(back.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename*=UTF-8''" + URLEncoder.encode("日志包", StandardCharsets.UTF_8));
        JsonNode entries =
                api.as(engineer).get("/api/cases/" + number + "/entries").json();
        assertThat(entries.valueStream()
                        .filter(e -> e.path("kind").asString().equals("UPLOAD"))
                        .toList())
                .singleElement()
                .satisfies(e ->
                        assertThat(e.path("summary").asString()).isEqualTo("Uploaded " + CHINESE_NAME + " (3.0 MiB)"));
    }

    @Test
    void theSameContentUploadedTwiceIsKeptOnce() throws Exception {
        byte[] content = "CBS.log: 0x800f0986 PSFX_E_APPLY_FORWARD_DELTA_FAILED".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> first = upload(customer, "CBS.log", content);
        HttpResponse<String> second = upload(engineer, "CBS (copy).log", content);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("X-Patchdesk-Duplicate")).hasValue("true");
        assertThat(JSON.readTree(second.body()).path("id").asLong())
                .isEqualTo(JSON.readTree(first.body()).path("id").asLong());
        assertThat(api.as(customer)
                        .get("/api/cases/" + number + "/files")
                        .json()
                        .size())
                .isEqualTo(1);
        // The second upload is acknowledged on the timeline, naming the file it is identical to.
        JsonNode entries =
                api.as(customer).get("/api/cases/" + number + "/entries").json();
        assertThat(entries.valueStream()
                        .filter(e -> e.path("kind").asString().equals("UPLOAD"))
                        .map(e -> e.path("summary").asString()))
                .containsExactly(
                        "Uploaded CBS.log (53 B)",
                        "Uploaded CBS (copy).log: identical to CBS.log, already on the case");
    }

    @Test
    void anotherOrganisationsCustomerSeesNoTraceOfTheCase() throws Exception {
        Actor foreign = fixtures.customer(fixtures.organisation("Other bank"));
        long fileId = JSON.readTree(
                        upload(customer, "CBS.log", new byte[] {1, 2, 3}).body())
                .path("id")
                .asLong();

        assertThat(upload(foreign, "evil.zip", new byte[] {4}).statusCode()).isEqualTo(404);
        assertThat(api.as(foreign).get("/api/cases/" + number + "/files").status())
                .isEqualTo(404);
        assertThat(api.as(foreign)
                        .get("/api/cases/" + number + "/files/" + fileId + "/content")
                        .status())
                .isEqualTo(404);
        assertThat(api.as(foreign).get("/api/cases/" + number + "/downloads").status())
                .isEqualTo(404);
        assertThat(api.as(customer).get("/api/cases/" + number + "/downloads").status())
                .isEqualTo(403);
        assertThat(api.anonymous().get("/api/cases/" + number + "/files").status())
                .isEqualTo(401);
    }

    @Test
    void anUploadOverTheLimitGets413AndNothingIsKept() throws Exception {
        byte[] tooLarge = new byte[8 * 1024 * 1024 + 1];

        String declared = rawRequestHeadOnly(customer, filesPath("memory.dmp"), tooLarge.length);
        HttpResponse<String> chunked = http.send(
                api.as(customer)
                        .request(filesPath("memory.dmp"))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(declared).as("refused before the body is sent").startsWith("HTTP/1.1 413");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(chunked.body()).path("detail").asString()).contains("larger than the limit");
        JsonNode files = api.as(customer).get("/api/cases/" + number + "/files").json();
        assertThat(files.size()).isEqualTo(1);
        assertThat(files.get(0).path("status").asString()).isEqualTo("FAILED");
        assertThat(files.get(0).path("sha256").isNull()).isTrue();
        assertThat(blobs()).noneMatch(path -> sizeOf(path) == tooLarge.length || sizeOf(path) == 8 * 1024 * 1024);
    }

    @Test
    void aCutOffUploadLeavesOnlyAFailedEntry() throws Exception {
        long blobsBefore = blobs().count();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + filesPath("SetupDiag.zip") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Authorization: " + ApiClient.basic(customer.email(), DeskFixtures.PASSWORD)
                            + "\r\nContent-Type: application/octet-stream\r\n"
                            + "Content-Length: 2000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(BlobStoreContract.random(700_000, 21));
            out.flush();
        }

        await().atMost(20, TimeUnit.SECONDS).until(() -> {
            JsonNode files =
                    api.as(customer).get("/api/cases/" + number + "/files").json();
            return files.size() == 1 && files.get(0).path("status").asString().equals("FAILED");
        });
        JsonNode failed =
                api.as(customer).get("/api/cases/" + number + "/files").json().get(0);
        assertThat(failed.path("failure").asString()).startsWith("the upload broke off before it was complete");
        assertThat(blobs().count()).isEqualTo(blobsBefore);
    }

    @Test
    void aMultipartUploadIsStoredLikeARawOne() throws Exception {
        byte[] content = "DISM /Online /Cleanup-Image /CheckHealth\r\n组件存储可以修复。".getBytes(StandardCharsets.UTF_8);
        String boundary = "patchdesk-boundary-42";
        byte[] body = concat(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                                + "检查结果.txt\"\r\nContent-Type: text/plain\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8),
                content,
                ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = http.send(
                api.as(customer)
                        .request("/api/cases/" + number + "/files")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode file = JSON.readTree(response.body());
        assertThat(file.path("name").asString()).isEqualTo("检查结果.txt");
        assertThat(file.path("sha256").asString()).isEqualTo(BlobStoreContract.sha256(content));
        assertThat(java.nio.file.Path.of(multipart.getLocation()))
                .as("spooled under the data folder, not the container's temp folder")
                .isAbsolute()
                .isDirectory()
                .isEqualTo(
                        java.nio.file.Path.of("target/test-data/tmp/multipart").toAbsolutePath());
    }

    @Test
    void anEngineerPublishesAFileTheCustomerDownloadsWithoutAnAccountUntilRevoked() throws Exception {
        byte[] fix = BlobStoreContract.random(200_000, 22);

        HttpResponse<String> published = http.send(
                api.as(engineer)
                        .request("/api/cases/" + number
                                + "/downloads?name="
                                + URLEncoder.encode("修复包 wkscli.zip", StandardCharsets.UTF_8)
                                + "&validFor=P3D&maxDownloads=5")
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(fix))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        JsonNode link = JSON.readTree(published.body());
        String url = link.path("url").asString();
        long linkId = link.path("link").path("id").asLong();
        // Absolute on the public address, as an upload link's is: the engineer sends either on as it is.
        String uploadLink = api.as(engineer)
                .post("/api/cases/" + number + "/upload-links", Map.of())
                .json()
                .path("url")
                .asString();
        String base = uploadLink.substring(0, uploadLink.indexOf("/u/"));
        assertThat(base).isEqualTo("http://localhost:" + port);
        assertThat(url).matches(java.util.regex.Pattern.quote(base) + "/d/\\d+\\?t=[A-Za-z0-9_-]{43}");
        assertThat(api.as(engineer)
                        .post("/api/cases/" + number + "/downloads", Map.of("fileId", linkFileId(link)))
                        .json()
                        .path("url")
                        .asString())
                .as("a file already on the case")
                .startsWith(base + "/d/");

        HttpResponse<byte[]> downloaded = http.send(
                HttpRequest.newBuilder(java.net.URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo(fix);

        JsonNode links =
                api.as(engineer).get("/api/cases/" + number + "/downloads").json();
        assertThat(links.get(0).path("downloads").get(0).path("bytesSent").asLong())
                .isEqualTo(fix.length);
        assertThat(links.get(0).toString()).doesNotContain(url.substring(url.indexOf("t=") + 2));
        assertThat(api.as(engineer)
                        .delete("/api/cases/" + number + "/downloads/" + linkId)
                        .status())
                .isEqualTo(204);
        assertThat(http.send(
                                HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
        List<String> kinds = api.as(engineer)
                .get("/api/cases/" + number + "/entries")
                .json()
                .valueStream()
                .map(e -> e.path("kind").asString())
                .toList();
        assertThat(kinds).contains("DOWNLOAD_PUBLISHED", "DOWNLOAD");
        assertThat(api.as(customer)
                        .get("/api/cases/" + number + "/entries")
                        .json()
                        .valueStream()
                        .map(e -> e.path("kind").asString()))
                .doesNotContain("DOWNLOAD");
    }

    @Test
    void anEngineerPublishesAFileAlreadyOnTheCase() throws Exception {
        byte[] content = "KB5032306 servicing stack".getBytes(StandardCharsets.UTF_8);
        long fileId = JSON.readTree(upload(customer, "ssu.cab", content).body())
                .path("id")
                .asLong();

        ApiClient.Response response = api.as(engineer)
                .post("/api/cases/" + number + "/downloads", Map.of("fileId", fileId, "validFor", "PT12H"));
        ApiClient.Response invalid = api.as(engineer)
                .post("/api/cases/" + number + "/downloads", Map.of("fileId", fileId, "validFor", "next week"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("link").path("fileId").asLong()).isEqualTo(fileId);
        assertThat(invalid.status()).isEqualTo(400);
    }

    private static long linkFileId(JsonNode published) {
        return published.path("link").path("fileId").asLong();
    }

    /** Sends only the request head of an upload and returns the status line the server answers with. */
    private String rawRequestHeadOnly(Actor actor, String path, long contentLength) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Authorization: " + ApiClient.basic(actor.email(), DeskFixtures.PASSWORD)
                                    + "\r\nContent-Type: application/octet-stream\r\n"
                                    + "Content-Length: " + contentLength + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private HttpResponse<String> upload(Actor actor, String name, byte[] content) throws Exception {
        return http.send(
                api.as(actor)
                        .request(filesPath(name))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String filesPath(String name) {
        return "/api/cases/" + number + "/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static Stream<Path> blobs() throws Exception {
        Path root = Path.of("target/test-data/blobs");
        if (!Files.exists(root)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList().stream();
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
