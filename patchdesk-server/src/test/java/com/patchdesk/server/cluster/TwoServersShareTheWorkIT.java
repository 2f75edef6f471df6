package com.patchdesk.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskDatabase;
import com.patchdesk.server.files.S3ProxyProcess;
import com.patchdesk.server.fleet.FleetBundles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Several {@code patchdesk serve} processes on one PostgreSQL database and one S3 store (s3proxy) share the work.
 * Each server is a JVM of its own (the packaged jar when failsafe names it, else this test's classpath) with one job
 * worker. Small bundles (40 in the build, 200 for the published figure) are uploaded, alternating between the servers as a load balancer would; every bundle
 * must be diagnosed exactly once (one diagnosis, one claim of its job, one timeline entry), and the throughput with
 * one and with two servers is printed (docs/performance.md). Needs PostgreSQL on 127.0.0.1:5432 (skipped when it is
 * not there, unless PATCHDESK_REQUIRE_POSTGRES=true).
 */
class TwoServersShareTheWorkIT {

    private static final String POSTGRES = DeskDatabase.POSTGRES_URL;
    private static final String ADMIN = "cluster-admin@patchdesk.test";
    private static final String PASSWORD = "quartz-lantern-pelican-58";
    /** 40 in the build (a few minutes); the figure in docs/performance.md is for -Dpatchdesk.cluster.bundles=200. */
    private static final int BUNDLES = Integer.getInteger("patchdesk.cluster.bundles", 40);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyBundleIsDiagnosedExactlyOnceByOneOrTwoServers() throws Exception {
        assumeTrue(
                postgresReachable() || Boolean.parseBoolean(System.getenv("PATCHDESK_REQUIRE_POSTGRES")),
                "PostgreSQL is not reachable on 127.0.0.1:5432");
        try (S3ProxyProcess s3 = S3ProxyProcess.start(temp)) {
            Figures one = run(s3, 1);
            Figures two = run(s3, 2);
            assertThat(one.perServer()).hasSize(1);
            // Both servers took jobs: the queue spreads the work, it is not one server doing it all.
            assertThat(two.perServer()).hasSize(2).allSatisfy(n -> assertThat(n).isPositive());
            String figures = ("TwoServersShareTheWorkIT: %d bundles, 1 server: %.1f bundles/min (%s); 2 servers: %.1f"
                            + " bundles/min (%s), diagnosed %s by the two servers; load average %.2f")
                    .formatted(
                            BUNDLES,
                            one.perMinute(),
                            one.elapsed(),
                            two.perMinute(),
                            two.elapsed(),
                            two.perServer(),
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                    .getSystemLoadAverage());
            System.out.println(figures);
            Files.writeString(Path.of("target", "cluster-figures.txt"), figures + "\n");
        }
    }

    private Figures run(S3ProxyProcess s3, int servers) throws Exception {
        String schema =
                "cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        // A bucket per run, so that what the run stored can be counted there.
        String bucket = "patchdesk-" + schema.substring("cluster_".length());
        s3.createBucket(bucket);
        List<Process> processes = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                int port = freePort();
                // One after the other, as in a rolling start: the second finds the migrations done.
                processes.add(start(s3, bucket, schema, port, i));
                awaitHealthy(port, processes.get(i), i, schema);
                ports.add(port);
            }
            long organisation = post(ports.get(0), "/api/organisations", "{\"name\":\"集群银行 " + schema + "\"}")
                    .path("id")
                    .asLong();
            String number = post(
                            ports.get(0),
                            "/api/cases",
                            "{\"title\":\"批量更新失败\",\"priority\":\"P3\"," + "\"organisationId\":" + organisation
                                    + ",\"language\":\"zh-CN\"}")
                    .path("number")
                    .asString();
            List<byte[]> bundles = new ArrayList<>();
            for (int i = 0; i < BUNDLES; i++) {
                bundles.add(FleetBundles.machine(
                        FleetBundles.CAUSES.get(i % FleetBundles.CAUSES.size()), schema + "-" + i));
            }
            Instant started = Instant.now();
            for (int i = 0; i < BUNDLES; i++) {
                upload(
                        ports.get(i % servers),
                        number,
                        FleetBundles.name("PC-%03d".formatted(i), "20240105"),
                        bundles.get(i));
            }
            Instant finished = awaitDiagnosed(schema);
            assertDiagnosedOnce(schema);
            // The uploads are in the shared S3 store (s3proxy), not in a server's data folder.
            assertThat(objects(s3, bucket)).isGreaterThanOrEqualTo(BUNDLES);
            Duration elapsed = Duration.between(started, finished);
            Map<Long, Integer> byProcess = diagnosedByProcess(schema);
            // Every diagnosis was made by one of the servers started here (its worker id begins with the pid).
            assertThat(processes.stream().map(Process::pid).toList()).containsAll(byProcess.keySet());
            assertThat(byProcess.values().stream().mapToInt(Integer::intValue).sum())
                    .isEqualTo(BUNDLES);
            return new Figures(
                    BUNDLES * 60_000.0 / Math.max(1, elapsed.toMillis()), elapsed, List.copyOf(byProcess.values()));
        } finally {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** @param perServer bundles diagnosed by each server that diagnosed any, most first */
    record Figures(double perMinute, Duration elapsed, List<Integer> perServer) {}

    private Process start(S3ProxyProcess s3, String bucket, String schema, int port, int index) throws IOException {
        Path data = Files.createDirectories(temp.resolve(schema + "-" + index));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1"));
        String jar = System.getProperty("patchdesk.server.jar");
        if (jar != null && Files.isRegularFile(Path.of(jar))) {
            command.addAll(List.of("-jar", jar));
        } else {
            command.addAll(
                    List.of("-cp", System.getProperty("java.class.path"), "com.patchdesk.server.PatchdeskApplication"));
        }
        command.addAll(List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + POSTGRES + "?currentSchema=" + schema,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.default-schema=" + schema,
                "--patchdesk.storage.type=s3",
                "--patchdesk.storage.s3.bucket=" + bucket,
                "--patchdesk.storage.s3.endpoint=" + s3.endpoint(),
                "--patchdesk.storage.s3.access-key=" + S3ProxyProcess.ACCESS_KEY,
                "--patchdesk.storage.s3.secret-key=" + S3ProxyProcess.SECRET_KEY,
                "--patchdesk.data-dir=" + data.toAbsolutePath(),
                "--patchdesk.jobs.workers=1",
                "--patchdesk.jobs.poll-interval=PT0.2S",
                "--patchdesk.sla-sweep-interval=PT2S",
                "--patchdesk.fleet.index-interval=PT2S",
                "--patchdesk.admin.email=" + ADMIN,
                "--patchdesk.admin.password=" + PASSWORD,
                // One admin uploads every bundle, as a collector fleet would through many accounts: the per-user
                // upload limit (30 a minute) is not what this test measures.
                "--patchdesk.limits.uploads-per-minute=100000",
                // Several instances share the database: a starting one must not fail the other's uploads.
                "--patchdesk.recovery.fail-receiving-on-start=false"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile())
                .start();
    }

    private void awaitHealthy(int port, Process process, int index, String schema) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server " + index + " exited: "
                        + Files.readString(temp.resolve(schema + "-" + index).resolve("server.log")));
            }
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("server " + index + " did not start");
    }

    private Instant awaitDiagnosed(String schema) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = connect(schema);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(finished_at) FROM diagnoses"
                            + " WHERE status IN ('done', 'failed')")) {
                rs.next();
                if (rs.getInt(1) >= BUNDLES) {
                    return rs.getObject(2, java.time.OffsetDateTime.class).toInstant();
                }
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("not every bundle was diagnosed in 30 minutes");
    }

    /** One diagnosis per file, done; its job claimed once; one DIAGNOSIS entry on the case per diagnosis. */
    private void assertDiagnosedOnce(String schema) throws SQLException {
        assertThat(count(schema, "SELECT COUNT(*) FROM case_files WHERE status = 'stored'"))
                .isEqualTo(BUNDLES);
        assertThat(count(schema, "SELECT COUNT(*) FROM diagnoses")).isEqualTo(BUNDLES);
        assertThat(count(schema, "SELECT COUNT(DISTINCT file_id) FROM diagnoses"))
                .isEqualTo(BUNDLES);
        assertThat(count(schema, "SELECT COUNT(*) FROM diagnoses WHERE status = 'done'"))
                .isEqualTo(BUNDLES);
        assertThat(count(schema, "SELECT COUNT(DISTINCT job_id) FROM diagnoses"))
                .isEqualTo(BUNDLES);
        assertThat(count(
                        schema,
                        "SELECT COUNT(*) FROM jobs WHERE type = 'diagnose-bundle' AND status = 'done'"
                                + " AND attempts = 1"))
                .isEqualTo(BUNDLES);
        assertThat(count(schema, "SELECT COUNT(*) FROM case_entries WHERE kind = 'DIAGNOSIS'"))
                .isEqualTo(BUNDLES);
    }

    /**
     * Diagnoses per server process: the job of each diagnosis keeps the worker that finished it ({@code finished_by},
     * {@code pid@host/random}), which outlives the claim ({@code locked_by} is cleared when a job ends).
     */
    private Map<Long, Integer> diagnosedByProcess(String schema) throws SQLException {
        Map<Long, Integer> counts = new LinkedHashMap<>();
        try (Connection c = connect(schema);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT split_part(j.finished_by, '@', 1), COUNT(*) FROM diagnoses d"
                        + " JOIN jobs j ON j.id = d.job_id WHERE d.status = 'done' AND j.status = 'done'"
                        + " GROUP BY 1 ORDER BY 2 DESC")) {
            while (rs.next()) {
                counts.put(Long.parseLong(rs.getString(1)), rs.getInt(2));
            }
        }
        return counts;
    }

    private static int objects(S3ProxyProcess s3, String bucket) {
        try (S3Client client = s3.client()) {
            return client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                    .mapToInt(o -> 1)
                    .sum();
        }
    }

    private JsonNode post(int port, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(
                authorized(port, path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private void upload(int port, String number, String name, byte[] bundle) throws Exception {
        HttpResponse<String> response = http.send(
                authorized(
                                port,
                                "/api/cases/" + number + "/files?name="
                                        + URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bundle))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static HttpRequest.Builder authorized(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", ApiClient.basic(ADMIN, PASSWORD));
    }

    private static int count(String schema, String sql) throws SQLException {
        try (Connection c = connect(schema);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(
                POSTGRES + "?currentSchema=" + schema.toLowerCase(Locale.ROOT), "postgres", "");
    }

    private static boolean postgresReachable() {
        try (Connection ignored = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
