package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.SmallDisk;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.config.DiskRoom;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A collector's resumable upload while the disks fill up: the data folder (where its parts wait) and the blob store
 * on small file systems of their own (4 and 24 MB tmpfs, which this root-run test mounts; skipped where mounting is not
 * allowed), 1 MB kept free on each. Whatever refuses it — the next part below the data folder's floor, or the store
 * when it is complete — the parts received stay, the answer is 507 with {@code Retry-After}, and the same upload
 * goes on from where it was once space is freed. Uploads sent at once each reserve their declared length, so that
 * those let in fit together and the others are refused before they are read.
 */
@DeskTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResumableUploadOnAFullDiskTest {

    private static final Path DATA =
            Path.of("target", "full-data-" + UUID.randomUUID()).toAbsolutePath();
    private static final Path BLOBS =
            Path.of("target", "full-blobs-" + UUID.randomUUID()).toAbsolutePath();
    private static final boolean MOUNTED = SmallDisk.mount(DATA, size(DATA)) && SmallDisk.mount(BLOBS, size(BLOBS));
    private static final int PART = 400 * 1024;

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @LocalServerPort
    int port;

    /** The store's disk has room for the first test's two uploads and the second's upload above its floor. */
    private static String size(Path where) {
        return where.equals(BLOBS) ? "24m" : "4m";
    }

    @DynamicPropertySource
    static void onSmallDisks(DynamicPropertyRegistry registry) {
        Assumptions.assumeTrue(MOUNTED, "mounting a tmpfs is not allowed here");
        registry.add("patchdesk.data-dir", DATA::toString);
        registry.add("patchdesk.storage.local.root", BLOBS::toString);
        registry.add("patchdesk.data-free-space-floor", () -> "1MB");
    }

    @AfterAll
    static void unmount() throws Exception {
        for (Path disk : new Path[] {DATA, BLOBS}) {
            SmallDisk.unmount(disk);
        }
    }

    /** First, while the store's disk is empty: three uploads that fit one by one, two of them together. */
    @Test
    @Order(1)
    void uploadsSentTogetherReserveTheirLengthSoThoseLetInFitAndTheRestAreRefusedAtOnce() throws Exception {
        Organisation bank = fixtures.organisation("并发银行");
        Actor customer = fixtures.customer(bank);
        String number = fixtures.openCase(bank).number().value();
        long aboveTheFloor = DiskRoom.usableSpace(BLOBS) - 1024 * 1024;
        // Two of 45% fit, a third would take 135%: its refusal holds although a running upload's count of bytes
        // received runs up to two megabytes (HashingCopy's buffers) ahead of what is on the disk.
        int each = (int) (aboveTheFloor * 9 / 20);
        // Each sends its first 600 KB, then waits until all three are that far: they run at the same time.
        CountDownLatch allStarted = new CountDownLatch(3);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] content = new byte[each];
            new Random(i).nextBytes(content);
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                            new ByteArrayInputStream(content, 0, 600 * 1024),
                            new AfterAll3(allStarted, new ByteArrayInputStream(content, 600 * 1024, each)))),
                    each);
            sent.add(HttpClient.newHttpClient()
                    .sendAsync(
                            api.as(customer)
                                    .request("/api/cases/" + number + "/files?name=together-" + i + ".log")
                                    .header("Content-Type", "application/octet-stream")
                                    .POST(body)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : sent) {
            try {
                statuses.add(answer.get(2, TimeUnit.MINUTES).statusCode());
            } catch (java.util.concurrent.ExecutionException closedWhileSending) {
                // The refusal comes before the body is read: a client still sending ten megabytes may see the
                // connection closed instead of the 507 (the cases' files below say it was not stored either way).
                assertThat(closedWhileSending).hasCauseInstanceOf(IOException.class);
                statuses.add(507);
            }
        }
        assertThat(statuses).as("two fit together, the third is refused").containsExactlyInAnyOrder(201, 201, 507);
        assertThat(withStatus(fixtures.engineer(), number, "STORED")).isEqualTo(2);
        assertThat(DiskRoom.usableSpace(BLOBS)).as("the floor is kept").isGreaterThanOrEqualTo(1024 * 1024);
        try (Stream<Path> parts = Files.list(BLOBS.resolve("incoming"))) {
            assertThat(parts).as("nothing half-written is left").isEmpty();
        }
    }

    /** A body's rest, sent once every upload has sent its start (or after 10 s). */
    private static final class AfterAll3 extends java.io.FilterInputStream {
        private final CountDownLatch started;
        private boolean waited;

        AfterAll3(CountDownLatch started, InputStream rest) {
            super(rest);
            this.started = started;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (!waited) {
                waited = true;
                started.countDown();
                try {
                    started.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.read(buffer, offset, length);
        }
    }

    @Test
    @Order(2)
    void partsReceivedStayWhileTheDisksAreFullAndTheSameUploadEndsOnTheCaseOnceSpaceIsFreed() throws Exception {
        Organisation bank = fixtures.organisation("续传银行");
        Actor engineer = fixtures.engineer();
        String number = fixtures.openCase(bank).number().value();
        JsonNode link = api.as(engineer)
                .post("/api/cases/" + number + "/upload-links", Map.of())
                .json();
        CollectorRequests collector = new CollectorRequests(port);
        String endpoint = URI.create(link.path("url").asString()).getPath() + "/files";
        byte[] bundle = new byte[3 * PART];
        new Random(7).nextBytes(bundle);

        HttpResponse<String> created = collector.create(endpoint, "收集.zip", bundle.length);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String upload = created.headers().firstValue("Location").orElseThrow();
        assertThat(collector.patch(upload, 0, bundle, 0, PART).statusCode()).isEqualTo(204);

        // Another program takes the data folder's disk below the floor: the next part is refused, retryably.
        Path filler = fill(DATA);
        HttpResponse<String> refused = collector.patch(upload, PART, bundle, PART, PART);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("storage is full");
        assertThat(collector.offset(upload))
                .as("the part received before stays")
                .isEqualTo(PART);
        Files.delete(filler);
        assertThat(collector.patch(upload, PART, bundle, PART, PART).statusCode())
                .isEqualTo(204);

        // The store's disk is below its floor when the last part arrives: the complete upload waits to be stored.
        filler = fill(BLOBS);
        HttpResponse<String> unstored = collector.patch(upload, 2L * PART, bundle, 2 * PART, PART);
        assertThat(unstored.statusCode()).as(unstored.body()).isEqualTo(507);
        assertThat(unstored.headers().firstValue("Retry-After")).isPresent();
        for (int retry = 0; retry < 3; retry++) {
            assertThat(head(upload).statusCode())
                    .as("not answered complete while it is not stored")
                    .isEqualTo(507);
        }
        assertThat(stored(engineer, number)).isNull();
        assertThat(withStatus(engineer, number, "FAILED"))
                .as("the retries while full add no failed file to the first refusal's")
                .isEqualTo(1);
        Files.delete(filler);

        // The collector run again asks where to resume: the upload is stored now, from the parts kept.
        assertThat(collector.offset(upload)).isEqualTo(bundle.length);
        JsonNode file = stored(engineer, number);
        assertThat(file).isNotNull();
        assertThat(file.path("size").asLong()).isEqualTo(bundle.length);
        assertThat(file.path("sha256").asString()).isEqualTo(BlobStoreContract.sha256(bundle));
    }

    /**
     * The id of another link's upload in a link's URL reaches nothing, whatever state it is in: a part of it is not
     * refused for room (which would say it exists), and, complete but not stored, it is not stored on the link's case
     * (another organisation's) but stays its own link's, stored on its own case when that link's client asks.
     */
    @Test
    @Order(3)
    void anotherLinksUploadIsNotThereThroughALinkAndStaysItsOwnLinks() throws Exception {
        Actor engineer = fixtures.engineer();
        String ours = fixtures.openCase(fixtures.organisation("甲银行")).number().value();
        String theirs = fixtures.openCase(fixtures.organisation("乙银行")).number().value();
        String ourEndpoint = endpoint(engineer, ours);
        CollectorRequests collector = new CollectorRequests(port);
        // Small: the store's disk holds the earlier tests' files.
        int part = 100 * 1024;
        byte[] bundle = new byte[2 * part];
        new Random(11).nextBytes(bundle);
        HttpResponse<String> created = collector.create(endpoint(engineer, theirs), "乙.zip", bundle.length);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String upload = created.headers().firstValue("Location").orElseThrow();
        String throughOurs = ourEndpoint + upload.substring(upload.lastIndexOf('/'));
        assertThat(collector.patch(upload, 0, bundle, 0, part).statusCode()).isEqualTo(204);

        Path filler = fill(DATA);
        HttpResponse<String> refused = collector.patch(throughOurs, part, bundle, part, part);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
        Files.delete(filler);

        filler = fill(BLOBS);
        assertThat(collector.patch(upload, part, bundle, part, part).statusCode())
                .isEqualTo(507);
        Files.delete(filler);
        assertThat(head(throughOurs).statusCode()).isEqualTo(404);
        assertThat(api.as(engineer).get("/api/cases/" + ours + "/files").json())
                .as("nothing of theirs on our case")
                .isEmpty();

        assertThat(collector.offset(upload)).isEqualTo(bundle.length);
        assertThat(stored(engineer, theirs).path("sha256").asString()).isEqualTo(BlobStoreContract.sha256(bundle));
    }

    private String endpoint(Actor engineer, String number) {
        JsonNode link = api.as(engineer)
                .post("/api/cases/" + number + "/upload-links", Map.of())
                .json();
        return URI.create(link.path("url").asString()).getPath() + "/files";
    }

    private long withStatus(Actor engineer, String number, String status) {
        long count = 0;
        for (JsonNode file :
                api.as(engineer).get("/api/cases/" + number + "/files").json()) {
            if (status.equals(file.path("status").asString())) {
                count++;
            }
        }
        return count;
    }

    /** Writes a file that leaves half a megabyte free on {@code disk}, below the 1 MB floor. */
    private static Path fill(Path disk) throws IOException {
        Path filler = disk.resolve("filler-" + UUID.randomUUID());
        Files.write(filler, new byte[(int) (DiskRoom.usableSpace(disk) - 512 * 1024)]);
        return filler;
    }

    private HttpResponse<Void> head(String upload) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + upload))
                                .header("Tus-Resumable", "1.0.0")
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
    }

    private JsonNode stored(Actor engineer, String number) {
        for (JsonNode file :
                api.as(engineer).get("/api/cases/" + number + "/files").json()) {
            if ("STORED".equals(file.path("status").asString())) {
                return file;
            }
        }
        return null;
    }
}
