package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The data folder on a small file system of its own (a 3 MB tmpfs, which this root-run test mounts; skipped where
 * mounting is not allowed): a write that does not fit is answered 507 with a clear problem, nothing half-written
 * stays, the rest of the server goes on, and health is DOWN below the free-space floor and UP again once space is
 * freed, without a restart.
 */
@DeskTest
class FullDiskTest {

    private static final Path SMALL_DISK =
            Path.of("target", "small-disk-" + UUID.randomUUID()).toAbsolutePath();
    private static final boolean MOUNTED = mount();

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    private static boolean mount() {
        try {
            Files.createDirectories(SMALL_DISK);
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", SMALL_DISK.toString())
                    .redirectErrorStream(true)
                    .start();
            return mount.waitFor() == 0;
        } catch (IOException | InterruptedException notAllowed) {
            return false;
        }
    }

    @DynamicPropertySource
    static void dataOnTheSmallDisk(DynamicPropertyRegistry registry) {
        Assumptions.assumeTrue(MOUNTED, "mounting a tmpfs is not allowed here");
        registry.add("patchdesk.data-dir", SMALL_DISK::toString);
        registry.add("patchdesk.data-free-space-floor", () -> "1MB");
    }

    @AfterAll
    static void unmount() throws Exception {
        if (MOUNTED) {
            new ProcessBuilder("umount", "-l", SMALL_DISK.toString()).start().waitFor();
        }
    }

    @Test
    void aWriteThatDoesNotFitIs507AndHealthFollowsTheFreeSpace() throws Exception {
        Organisation bank = fixtures.organisation("满盘银行");
        Actor customer = fixtures.customer(bank);
        String number = fixtures.openCase(bank).number().value();
        assertThat(health()).isEqualTo(200);

        HttpResponse<String> tooBig = upload(customer, number, "big.log", 4 * 1024 * 1024);

        assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(507);
        assertThat(tooBig.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(tooBig.body()).contains("storage is full", "not saved");
        try (Stream<Path> parts = Files.walk(SMALL_DISK.resolve("blobs"))) {
            assertThat(parts.filter(Files::isRegularFile))
                    .as("nothing half-written is left")
                    .isEmpty();
        }
        assertThat(api.as(customer)
                        .post("/api/cases/" + number + "/notes", Map.of("summary", "日志太大，改天再传"))
                        .status())
                .isEqualTo(201);
        assertThat(health()).isEqualTo(200);

        assertThat(upload(customer, number, "fits.log", 2 * 1024 * 1024 + 512 * 1024)
                        .statusCode())
                .isEqualTo(201);
        assertThat(health()).as("less than the 1 MB floor is free").isEqualTo(503);

        JsonNode files = api.as(customer).get("/api/cases/" + number + "/files").json();
        assertThat(files.toString()).contains("fits.log");
        try (Stream<Path> blobs = Files.walk(SMALL_DISK.resolve("blobs"))) {
            for (Path blob : blobs.filter(Files::isRegularFile).toList()) {
                Files.delete(blob); // an administrator frees space
            }
        }
        assertThat(health()).as("UP again without a restart").isEqualTo(200);
    }

    private int health() throws Exception {
        return HttpClient.newHttpClient()
                .send(api.anonymous().request("/actuator/health").build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private HttpResponse<String> upload(Actor actor, String number, String name, int bytes) throws Exception {
        byte[] content = new byte[bytes];
        new java.util.Random(bytes).nextBytes(content);
        return HttpClient.newHttpClient()
                .send(
                        api.as(actor)
                                .request("/api/cases/" + number + "/files?name=" + name)
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
