package com.patchdesk.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.CommandLines;
import com.patchdesk.server.fleet.FleetBundles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fault injection on the packaged server (failsafe names the jar; else this test's classpath): a real server JVM on
 * its own H2 file database and data folder is killed with SIGKILL ({@link Process#destroyForcibly()}) in the middle
 * of a 400 MB upload streamed to it, and again in the middle of a diagnosis of a 240 MB bundle, and started again
 * each time. Afterwards no {@code .part} file is left, the upload is FAILED on its case with a timeline entry, the
 * diagnosis is shown queued (never running with a dead worker) and then finishes, the dead attempt's scratch
 * folders are gone, and a case made before the crashes still has its note, its file (same bytes) and its finished
 * diagnosis. The shell counterpart, for trying it by hand: {@code bench/kill-restart.sh}.
 */
class KilledServerRecoversIT {

    private static final String ADMIN = "faults-admin@patchdesk.test";
    private static final String PASSWORD = "quartz-lantern-pelican-58";
    private static final long UPLOAD_BYTES = 400L * 1024 * 1024;
    private static final long BUNDLE_LOG_BYTES = 240L * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path data;
    private int port;
    private int starts;

    @Test
    void aServerKilledMidUploadAndMidDiagnosisLosesNothingAndLeavesNothingBehind() throws Exception {
        data = Files.createDirectories(temp.resolve("data"));
        port = freePort();
        Process server = start();
        try {
            // Before any crash: a case with a note and a small bundle, diagnosed.
            long organisation = post("/api/organisations", "{\"name\":\"故障注入银行\"}")
                    .path("id")
                    .asLong();
            String kept = openCase(organisation, "补丁安装失败 KB5032196（崩溃前）");
            post("/api/cases/" + kept + "/notes", "{\"summary\":\"崩溃前的备注：客户已重启两次。\",\"internal\":false}");
            byte[] small = FleetBundles.machine(FleetBundles.DOWNLOAD, "before-the-crash");
            JsonNode smallFile = upload(kept, "CMGELogCollector_PC-001_20240105.zip", small);
            awaitDiagnosis(kept, "done", Duration.ofMinutes(2));

            // 1. kill -9 while a 400 MB upload is arriving.
            String receiving = openCase(organisation, "上传中断 upload killed");
            CompletableFuture<HttpResponse<String>> bigUpload = http.sendAsync(
                    authorized("/api/cases/" + receiving + "/files?name="
                                    + URLEncoder.encode("大日志.zip", StandardCharsets.UTF_8))
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Filler(UPLOAD_BYTES)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // Past the 64 MB from which the first server follows an upload with an analysis child as it arrives.
            Path part = awaitPart(100L * 1024 * 1024, bigUpload);
            JsonNode receivingFile = only(get("/api/cases/" + receiving + "/files"));
            assertThat(receivingFile.path("status").asString()).isEqualToIgnoringCase("receiving");
            assertThat(arrivingChildren()).as("a child follows the upload").isNotEmpty();
            List<Path> following = entries(analyses(), "arriving-");
            assertThat(following).as("the following child's folder").isNotEmpty();
            kill(server);
            assertThat(part)
                    .as("the dead server's part file is still there before the restart")
                    .exists();
            long orphaned = System.nanoTime();
            while (!arrivingChildren().isEmpty()
                    && System.nanoTime() - orphaned < Duration.ofSeconds(30).toNanos()) {
                Thread.sleep(100);
            }
            assertThat(arrivingChildren())
                    .as("the following child ends with its server")
                    .isEmpty();

            server = start();
            assertThat(partFiles()).as("no .part left under the blobs").isEmpty();
            assertThat(following)
                    .as("the dead server's following child's folder")
                    .allMatch(f -> !Files.exists(f));
            JsonNode failed = only(get("/api/cases/" + receiving + "/files"));
            assertThat(failed.path("id").asLong())
                    .isEqualTo(receivingFile.path("id").asLong());
            assertThat(failed.path("status").asString()).isEqualToIgnoringCase("failed");
            assertThat(failed.path("failure").asString()).contains("server stopped");
            assertThat(entries(receiving)).anyMatch(summary -> summary.contains("Upload of 大日志.zip failed"));

            // 2. kill -9 while a diagnosis of a big bundle is running.
            String diagnosed = openCase(organisation, "诊断中断 diagnosis killed");
            Path bundle = bigBundle();
            upload(diagnosed, "CMGELogCollector_PC-002_20240105.zip", HttpRequest.BodyPublishers.ofFile(bundle));
            Files.delete(bundle);
            awaitDiagnosis(diagnosed, "running", Duration.ofMinutes(1));
            List<Path> deadAttempt = awaitScratch();
            Thread.sleep(300); // into the analysis child's run, its output folder made
            assertThat(latestDiagnosis(diagnosed).path("status").asString())
                    .as("still running when killed")
                    .isEqualTo("running");
            kill(server);

            server = start();
            assertThat(latestDiagnosis(diagnosed).path("status").asString())
                    .as("the dead worker's diagnosis is not shown running after the restart")
                    .isIn("queued", "done");
            for (Path folder : deadAttempt) {
                assertThat(folder)
                        .as("scratch and output of the killed attempt")
                        .doesNotExist();
            }
            JsonNode done = awaitDiagnosis(diagnosed, "done", Duration.ofMinutes(2));
            assertThat(done.path("outcome").asString()).isNotBlank();
            assertThat(get("/api/cases/" + diagnosed + "/diagnoses"))
                    .as("one diagnosis, run again")
                    .hasSize(1);

            // Nothing else lost.
            JsonNode keptFile = only(get("/api/cases/" + kept + "/files"));
            assertThat(keptFile.path("status").asString()).isEqualToIgnoringCase("stored");
            assertThat(keptFile.path("sha256").asString())
                    .isEqualTo(smallFile.path("sha256").asString());
            HttpResponse<byte[]> content = http.send(
                    authorized("/api/cases/" + kept + "/files/"
                                    + keptFile.path("id").asLong() + "/content")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(content.body()).isEqualTo(small);
            assertThat(entries(kept)).anyMatch(summary -> summary.contains("崩溃前的备注"));
            assertThat(latestDiagnosis(kept).path("status").asString()).isEqualTo("done");
            assertThat(partFiles()).isEmpty();
        } finally {
            for (int i = 1; i <= starts; i++) {
                Path log = temp.resolve("server-" + i + ".log");
                if (Files.exists(log)) {
                    Files.copy(
                            log,
                            Path.of("target", "killed-server-" + i + ".log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    private Process start() throws Exception {
        starts++;
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
                "--patchdesk.data-dir=" + data.toAbsolutePath(),
                "--patchdesk.admin.email=" + ADMIN,
                "--patchdesk.admin.password=" + PASSWORD,
                "--patchdesk.jobs.workers=1",
                "--patchdesk.jobs.poll-interval=PT0.2S",
                // A killed worker's job is taken again when its lease expires: shorter than the default minute, so
                // the test waits less, yet longer than a restart takes under load, so that the diagnosis is seen
                // queued after the restart before the new worker takes it (running then would be legitimate).
                "--patchdesk.jobs.lease=PT40S",
                "--patchdesk.diagnosis.child-heap=256m",
                // The first server follows large uploads as they arrive (killed while one does); the later ones
                // analyse uploads once stored, so that the second kill hits the diagnosis job's own analysis child.
                "--patchdesk.diagnosis.arriving-analyses=" + (starts == 1 ? 1 : 0),
                "--patchdesk.data-free-space-floor=1MB",
                "--management.endpoint.health.probes.enabled=true"));
        Path log = temp.resolve("server-" + starts + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited: " + Files.readString(log));
            }
            // Crash recovery runs on ApplicationReadyEvent, after the port is open and the "Started" line; readiness
            // turns to ACCEPTING_TRAFFIC only after that event's listeners have run.
            try {
                HttpResponse<String> ready = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the server did not start: " + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    private static void kill(Process server) throws InterruptedException {
        server.destroyForcibly();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).as("killed by signal 9").isEqualTo(137);
    }

    private Path awaitPart(long atLeast, CompletableFuture<?> upload) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(upload).as("the upload is still arriving").isNotDone();
            for (Path part : partFiles()) {
                if (Files.size(part) >= atLeast) {
                    return part;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no part file of " + atLeast + " bytes");
    }

    private Path analyses() {
        return data.resolve("tmp").resolve("diagnosis").resolve("analyses");
    }

    /** Analysis children following an upload of this test's servers, still alive. */
    private List<ProcessHandle> arrivingChildren() {
        String folder = data.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> {
                    String command = CommandLines.of(p);
                    return command.contains("--arriving") && command.contains(folder);
                })
                .toList();
    }

    private List<Path> partFiles() throws IOException {
        Path blobs = data.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(blobs)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".part"))
                    .toList();
        }
    }

    /**
     * The running attempt's folders, once the analysis child has its output folder: the bundle's folder
     * ({@code diagnosis-*}) in the scratch folder and the child's output ({@code analysis-*}) in its {@code analyses}.
     */
    private List<Path> awaitScratch() throws Exception {
        Path scratch = data.resolve("tmp").resolve("diagnosis");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Path> bundles = entries(scratch, "diagnosis-");
            List<Path> outputs = entries(scratch.resolve("analyses"), "analysis-");
            if (!bundles.isEmpty() && !outputs.isEmpty()) {
                List<Path> attempt = new ArrayList<>(bundles);
                attempt.addAll(outputs);
                return attempt;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no scratch folder of the running diagnosis");
    }

    private static List<Path> entries(Path folder, String prefix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList();
        }
    }

    /**
     * A collector bundle whose CBS.log (160 MB of varied servicing lines, then a real failure) takes the analysis
     * seconds; stored, not deflated, so that the zip-bomb ratio check does not refuse it.
     */
    private Path bigBundle() throws IOException {
        Path log = temp.resolve("CBS.log");
        byte[] failure = Files.readAllBytes(
                Path.of(System.getProperty("patchdesk.fixtures", "../patchdesk-diagnosis/src/test/resources"))
                        .resolve("cbs/package-not-found-0x80070490.log"));
        CRC32 crc = new CRC32();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
            long written = 0;
            for (long n = 0; written < BUNDLE_LOG_BYTES; n++) {
                byte[] line = noise(n);
                out.write(line);
                crc.update(line);
                written += line.length;
            }
            out.write(failure);
            crc.update(failure);
        }
        Path zip = temp.resolve("bundle.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry = new ZipEntry("Logs/CBS/CBS.log");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(Files.size(log));
            entry.setCompressedSize(Files.size(log));
            entry.setCrc(crc.getValue());
            out.putNextEntry(entry);
            Files.copy(log, out);
            out.closeEntry();
        }
        Files.delete(log);
        return zip;
    }

    private static byte[] noise(long n) {
        String time =
                "2023-12-29 %02d:%02d:%02d".formatted(8 + (n / 7_200_000) % 12, (n / 120_000) % 60, (n / 2_000) % 60);
        String line = switch ((int) (n % 4)) {
            case 0 ->
                time + ", Info                  CBS    Exec: Processing started.  Client: WindowsUpdateAgent,"
                        + " Session: 31078557_" + (1_000_000_000L + n % 1000)
                        + ", Package: Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.4";
            case 1 ->
                time + ", Info                  CSI    0000" + Long.toHexString(n & 0xffff)
                        + " Component amd64_microsoft-windows-shell32_31bf3856ad364e35_10.0.17763." + (n % 5122)
                        + "_none_" + Long.toHexString(n * 2654435761L & 0xffffffffffffL) + " status 0x00000000";
            case 2 ->
                time + ", Info                  CBS    Read out cached package applicability for package:"
                        + " Package_for_KB5032306~31bf3856ad364e35~amd64~~17763.5020.1.4, ApplicableState: 112,"
                        + " CurrentState:112";
            default ->
                time + ", Info                  CBS    Plan: Package: Package_10_for_KB5032196~31bf3856ad364e35"
                        + "~amd64~~10.0.1.11, current: Installed, pending: Default, start: Installed, applicable:"
                        + " Installed, targeted: Installed, limit: Installed";
        };
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private String openCase(long organisation, String title) throws Exception {
        return post(
                        "/api/cases",
                        "{\"title\":\"" + title + "\",\"priority\":\"P3\",\"organisationId\":" + organisation
                                + ",\"language\":\"zh-CN\"}")
                .path("number")
                .asString();
    }

    private JsonNode awaitDiagnosis(String number, String status, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode latest = null;
        while (System.nanoTime() < deadline) {
            latest = latestDiagnosis(number);
            if (status.equals(latest.path("status").asString())) {
                return latest;
            }
            if (!"running".equals(status)
                    && "failed".equals(latest.path("status").asString())) {
                break;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("diagnosis on " + number + " not " + status + ": " + latest);
    }

    private JsonNode latestDiagnosis(String number) throws Exception {
        JsonNode all = get("/api/cases/" + number + "/diagnoses");
        return all.isEmpty() ? JSON.createObjectNode() : all.get(0);
    }

    private List<String> entries(String number) throws Exception {
        List<String> texts = new ArrayList<>();
        for (JsonNode entry : get("/api/cases/" + number + "/entries")) {
            texts.add(
                    entry.path("summary").asString() + " " + entry.path("body").asString(""));
        }
        return texts;
    }

    private static JsonNode only(JsonNode array) {
        assertThat(array).hasSize(1);
        return array.get(0);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(authorized(path).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        return body.has("items") ? body.path("items") : body;
    }

    private JsonNode post(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(
                authorized(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isIn(200, 201);
        return JSON.readTree(response.body());
    }

    private JsonNode upload(String number, String name, byte[] bytes) throws Exception {
        return upload(number, name, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    private JsonNode upload(String number, String name, HttpRequest.BodyPublisher bytes) throws Exception {
        HttpResponse<String> response = http.send(
                authorized("/api/cases/" + number + "/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .header("Content-Type", "application/octet-stream")
                        .POST(bytes)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", ApiClient.basic(ADMIN, PASSWORD));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code size} bytes made on the fly, so that the client holds no 400 MB array. */
    private static final class Filler extends InputStream {
        private final byte[] pattern =
                "PK patchdesk upload under fault injection 0123456789\n".getBytes(StandardCharsets.US_ASCII);
        private long left;

        Filler(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            return pattern[(int) (left-- % pattern.length)];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = pattern[(int) ((left - i) % pattern.length)];
            }
            left -= n;
            return n;
        }
    }
}
