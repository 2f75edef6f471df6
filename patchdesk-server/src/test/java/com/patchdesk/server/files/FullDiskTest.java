package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.SmallDisk;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The data folder on a small file system of its own (a 3 MB tmpfs, which this root-run test mounts; skipped where
 * mounting is not allowed) with a 1 MB free-space floor: an upload that would not fit, or would leave less than the
 * floor, is answered 507 with a clear problem (before it is read when its length is declared, while it is written
 * otherwise), nothing half-written stays, the rest of the server goes on, and health is DOWN below the floor and UP
 * again once space is freed, without a restart.
 */
@DeskTest
class FullDiskTest {

    private static final Path SMALL_DISK =
            Path.of("target", "small-disk-" + UUID.randomUUID()).toAbsolutePath();
    private static final boolean MOUNTED = SmallDisk.mount(SMALL_DISK, "3m");

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataOnTheSmallDisk(DynamicPropertyRegistry registry) {
        Assumptions.assumeTrue(MOUNTED, "mounting a tmpfs is not allowed here");
        registry.add("patchdesk.data-dir", SMALL_DISK::toString);
        registry.add("patchdesk.data-free-space-floor", () -> "1MB");
    }

    @AfterAll
    static void unmount() throws Exception {
        if (MOUNTED) {
            SmallDisk.unmount(SMALL_DISK);
        }
    }

    @Test
    void anUploadThatWouldTakeTheFloorIs507BeforeOrWhileItIsWrittenAndHealthFollowsTheFreeSpace() throws Exception {
        Organisation bank = fixtures.organisation("满盘银行");
        Actor customer = fixtures.customer(bank);
        Actor engineer = fixtures.engineer();
        String number = fixtures.openCase(bank).number().value();
        assertThat(health()).isEqualTo(200);

        HttpResponse<String> tooBig = upload(customer, number, "big.log", 4 * 1024 * 1024);
        assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(507);
        assertThat(tooBig.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(tooBig.body()).contains("storage is full", "not saved");

        // It would fit on the disk, but leave less than the 1 MB floor: refused before a byte is read.
        HttpResponse<String> intoTheFloor = upload(customer, number, "floor.log", 2 * 1024 * 1024 + 512 * 1024);
        assertThat(intoTheFloor.statusCode()).as(intoTheFloor.body()).isEqualTo(507);
        // Sent without a length, the same is refused as it is written, at the megabyte that would reach the floor.
        HttpResponse<String> unannounced = uploadChunked(customer, number, "chunked.log", 2 * 1024 * 1024 + 512 * 1024);
        assertThat(unannounced.statusCode()).as(unannounced.body()).isEqualTo(507);
        assertNothingHalfWritten();
        // A resumable upload through a link is refused at its creation, for its whole length.
        JsonNode link = api.as(engineer)
                .post("/api/cases/" + number + "/upload-links", Map.of())
                .json();
        CollectorRequests collector = new CollectorRequests(port);
        String endpoint = java.net.URI.create(link.path("url").asString()).getPath() + "/files";
        HttpResponse<String> creation = collector.create(endpoint, "collected.zip", 2 * 1024 * 1024 + 512 * 1024);
        assertThat(creation.statusCode()).as(creation.body()).isEqualTo(507);
        assertThat(creation.body()).contains("storage is full");

        assertThat(api.as(customer)
                        .post("/api/cases/" + number + "/notes", Map.of("summary", "日志太大，改天再传"))
                        .status())
                .isEqualTo(201);
        assertThat(health()).isEqualTo(200);
        assertThat(upload(customer, number, "fits.log", 1024 * 1024).statusCode())
                .isEqualTo(201);
        JsonNode files = api.as(customer).get("/api/cases/" + number + "/files").json();
        assertThat(files.toString()).contains("fits.log");
        assertThat(health()).as("the floor is still free").isEqualTo(200);

        // Something else fills the disk to below the floor: health is DOWN and even a small upload is refused.
        Path filler = SMALL_DISK.resolve("filler");
        Files.write(
                filler, new byte[(int) (com.patchdesk.server.config.DiskRoom.usableSpace(SMALL_DISK) - 512 * 1024)]);
        assertThat(health()).as("less than the 1 MB floor is free").isEqualTo(503);
        assertThat(upload(customer, number, "small.log", 10 * 1024).statusCode())
                .isEqualTo(507);
        Files.delete(filler); // an administrator frees space
        assertThat(health()).as("UP again without a restart").isEqualTo(200);
        assertThat(upload(customer, number, "small.log", 10 * 1024).statusCode())
                .isEqualTo(201);
    }

    private static void assertNothingHalfWritten() throws IOException {
        try (Stream<Path> blobs = Files.walk(SMALL_DISK.resolve("blobs"))) {
            assertThat(blobs.filter(Files::isRegularFile))
                    .as("nothing half-written is left")
                    .isEmpty();
        }
    }

    private int health() throws Exception {
        return HttpClient.newHttpClient()
                .send(api.anonymous().request("/actuator/health").build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** The body as a stream of unknown length: sent chunked, without Content-Length. */
    private HttpResponse<String> uploadChunked(Actor actor, String number, String name, int bytes) throws Exception {
        byte[] content = content(bytes);
        return upload(
                actor,
                number,
                name,
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(content)));
    }

    private HttpResponse<String> upload(Actor actor, String number, String name, int bytes) throws Exception {
        return upload(actor, number, name, HttpRequest.BodyPublishers.ofByteArray(content(bytes)));
    }

    private HttpResponse<String> upload(Actor actor, String number, String name, HttpRequest.BodyPublisher body)
            throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        api.as(actor)
                                .request("/api/cases/" + number + "/files?name=" + name)
                                .header("Content-Type", "application/octet-stream")
                                .POST(body)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] content(int bytes) {
        byte[] content = new byte[bytes];
        new java.util.Random(bytes).nextBytes(content);
        return content;
    }
}
