package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.CommandLines;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.files.ArrivingUploads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.util.ReflectionTestUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A large upload is analysed by a child that follows it as it arrives ({@link ArrivingDiagnoses}); the diagnosis of
 * the stored file takes that child's report, which is the report of the stored file. Uploads past one megabyte here
 * (the blob store tells its file's growth per megabyte written), sent slowly so that the child reads while they come.
 */
@DeskTest
@TestPropertySource(
        properties = {
            "patchdesk.data-dir=target/test-data-arriving",
            "patchdesk.jobs.poll-interval=PT0.2S",
            "patchdesk.diagnosis.arriving-from=1KB"
        })
class DiagnosisWhileArrivingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String NAME = "农商行-PC042-logs.zip";

    @LocalServerPort
    int port;

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    ArrivingDiagnoses arriving;

    @Autowired
    DiagnosisProperties settings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Actor customer;
    private String number;

    @BeforeEach
    void openCase() {
        Organisation bank = fixtures.organisation("农村商业银行");
        customer = fixtures.customer(bank);
        number = fixtures.openCase(bank).number().value();
    }

    @Test
    void aLargeUploadIsAnalysedAsItArrivesAndItsReportIsTheStoredFilesReport() throws Exception {
        byte[] bundle = seedBundleWithRoutineLogs();
        long started = arriving.counted("started");
        long used = arriving.counted("used");

        HttpResponse<String> response = upload(bundle, bundle.length);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode diagnosis = awaitDiagnosis();
        assertThat(diagnosis.path("status").asString()).isEqualTo("done");
        assertThat(arriving.counted("started")).isEqualTo(started + 1);
        assertThat(arriving.counted("used")).as("read as it arrived, confirmed").isEqualTo(used + 1);
        assertThat(diagnosis
                        .path("findings")
                        .valueStream()
                        .map(f -> f.path("ruleId").asString()))
                .contains("wu-incomplete-download", "forward-delta-failed");
        // Byte for byte the report the child of the stored file writes (analysed here from the same bytes).
        for (Locale language : DiagnosisChild.REPORT_LANGUAGES) {
            String served = api.as(customer)
                    .get("/api/cases/" + number + "/diagnoses/"
                            + diagnosis.path("id").asLong() + "/report?lang=" + language.toLanguageTag())
                    .body();
            assertThat(withoutInput(served)).isEqualTo(withoutInput(reportOfStoredFile(bundle, language)));
            assertThat(JSON.readTree(served).path("bundle").path("input").asString())
                    .isEqualTo(NAME);
        }
        assertNoArrivingChildLeft();
        // Kept for this server's workers, where the child's result is, for the affinity's 30 s (several servers).
        Map<String, Object> job = jdbc.sql("SELECT j.prefer_worker, j.finished_by, j.prefer_until, j.created_at"
                        + " FROM jobs j JOIN diagnoses d ON d.job_id = j.id WHERE d.id = :id")
                .param("id", diagnosis.path("id").asLong())
                .query()
                .singleRow();
        assertThat(job.get("prefer_worker")).isNotNull().isEqualTo(job.get("finished_by"));
        assertThat(Duration.between(instant(job.get("created_at")), instant(job.get("prefer_until"))))
                .isEqualTo(settings.arrivingAffinity());

        // The same bytes again are a duplicate on the case: its child is stopped, nothing new is diagnosed.
        long dropped = arriving.counted("dropped");
        assertThat(upload(bundle, bundle.length).statusCode()).isEqualTo(200);
        assertThat(arriving.counted("dropped")).isEqualTo(dropped + 1);
        assertNoArrivingChildLeft();
        assertThat(api.as(customer)
                        .get("/api/cases/" + number + "/diagnoses")
                        .json()
                        .size())
                .isEqualTo(1);
    }

    /**
     * The upload's name is the customer's: named like the child's own files, it stays in a folder of its own, and the
     * stored blob is not written through it.
     */
    @Test
    void anUploadNamedLikeTheChildsOwnFilesIsAnalysedAndStoredIntact() throws Exception {
        byte[] bundle = seedBundleWithRoutineLogs();
        long used = arriving.counted("used");

        // The size file is written under this name before it is moved into place.
        HttpResponse<String> response = upload(bundle, bundle.length, ArrivingAnalysis.SIZE_FILE + ".part");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);

        JsonNode diagnosis = awaitDiagnosis();
        assertThat(diagnosis.path("status").asString()).isEqualTo("done");
        assertThat(arriving.counted("used")).isEqualTo(used + 1);
        JsonNode file =
                api.as(customer).get("/api/cases/" + number + "/files").json().get(0);
        byte[] stored = http.send(
                        api.as(customer)
                                .request("/api/cases/" + number + "/files/"
                                        + file.path("id").asLong() + "/content")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
        assertThat(stored).isEqualTo(bundle);
        assertNoArrivingChildLeft();
    }

    @Test
    void anUploadThatBreaksOffStopsTheChildThatFollowedIt() throws Exception {
        byte[] bundle = seedBundleWithRoutineLogs();
        long dropped = arriving.counted("dropped");

        // Past two megabytes, so the blob store has told of the first and a child follows the upload.
        assertThatThrownBy(() -> upload(bundle, bundle.length - 100_000)).isInstanceOf(IOException.class);

        await().atMost(Duration.ofSeconds(60)).until(() -> arriving.counted("dropped") == dropped + 1);
        assertNoArrivingChildLeft();
        assertThat(api.as(customer)
                        .get("/api/cases/" + number + "/diagnoses")
                        .json()
                        .size())
                .isZero();
    }

    /**
     * The collector's path: a resumable upload through an upload link, part after part. Its analysis follows the parts
     * the server accepted, never the bytes of a part it took back: a part whose checksum fails is written, then
     * removed. That part here names another update (same length, so a zip still reads) and stalls before its last
     * byte, long enough for a reader of the file's length to read it (checked: with that reader the report names the
     * other update).
     */
    @Test
    void aResumableUploadIsAnalysedPartByPartAndNeverFromAPartTakenBack() throws Exception {
        byte[] bundle = seedBundleWithRoutineLogs();
        long started = arriving.counted("started");
        long used = arriving.counted("used");
        TusClient tus = new TusClient(uploadLink());
        String upload = tus.create(NAME, bundle.length);
        int logs = indexOf(bundle, "Windows/Logs/".getBytes(StandardCharsets.US_ASCII));

        int offset = tus.sendParts(upload, bundle, 0, logs);
        assertThat(offset).isEqualTo(logs);
        await().atMost(Duration.ofSeconds(30)).until(() -> arriving.counted("started") == started + 1);
        byte[] forged = new String(bundle, StandardCharsets.ISO_8859_1)
                .replace("KB5032196", "KB5000001")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(forged).isNotEqualTo(bundle).hasSameSizeAs(bundle);
        assertThat(tus.patchWithWrongChecksum(upload, forged, offset).statusCode())
                .as("a part whose checksum fails")
                .isEqualTo(460);
        assertThat(tus.offset(upload)).as("taken back").isEqualTo(offset);
        tus.sendParts(upload, bundle, offset, bundle.length);

        JsonNode diagnosis = awaitDiagnosis();
        assertThat(diagnosis.path("status").asString()).isEqualTo("done");
        assertThat(arriving.counted("started")).isEqualTo(started + 1);
        assertThat(arriving.counted("used")).as("read as it arrived, confirmed").isEqualTo(used + 1);
        String served = servedEnglishReport(diagnosis);
        assertThat(served).contains("KB5032196").doesNotContain("KB5000001");
        assertThat(withoutInput(served)).isEqualTo(withoutInput(reportOfStoredFile(bundle, Locale.ENGLISH)));
        assertThat(storedFile().path("sha256").asString())
                .as("the digest taken part by part, without the part taken back")
                .isEqualTo(sha256(bundle));
        assertNoArrivingChildLeft();
    }

    /**
     * A resumable upload whose sender pauses gives its child's place up ({@code arriving-idle}), not while its file
     * still grows; when it goes on, a new child follows it from its start, and its report is the stored file's.
     */
    @Test
    void aPausedResumableUploadGivesItsChildUpAndGetsANewOneWhenItGoesOn() throws Exception {
        byte[] bundle = seedBundleWithRoutineLogs();
        long started = arriving.counted("started");
        long idle = arriving.counted("idle");
        long used = arriving.counted("used");
        TusClient tus = new TusClient(uploadLink());
        String upload = tus.create(NAME, bundle.length);

        int offset = tus.sendParts(upload, bundle, 0, bundle.length / 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> arriving.counted("started") == started + 1);
        arriving.stopIdle(Duration.ZERO);
        assertThat(arriving.counted("idle"))
                .as("the file grew since the sweep before (as while a slow part's bytes come): not paused")
                .isEqualTo(idle);
        arriving.stopIdle(Duration.ZERO);
        assertThat(arriving.counted("idle")).isEqualTo(idle + 1);
        assertNoArrivingChildLeft();
        await().atMost(Duration.ofSeconds(10)).until(() -> arriving.freeChildren() > 0);

        tus.sendParts(upload, bundle, offset, bundle.length);

        JsonNode diagnosis = awaitDiagnosis();
        assertThat(diagnosis.path("status").asString()).isEqualTo("done");
        assertThat(arriving.counted("started"))
                .as("a new child once it went on")
                .isEqualTo(started + 2);
        assertThat(arriving.counted("used")).isEqualTo(used + 1);
        String served = servedEnglishReport(diagnosis);
        assertThat(withoutInput(served)).isEqualTo(withoutInput(reportOfStoredFile(bundle, Locale.ENGLISH)));
        assertThat(storedFile().path("sha256").asString()).isEqualTo(sha256(bundle));
        assertNoArrivingChildLeft();
    }

    private String servedEnglishReport(JsonNode diagnosis) {
        return api.as(customer)
                .get("/api/cases/" + number + "/diagnoses/"
                        + diagnosis.path("id").asLong() + "/report?lang=en")
                .body();
    }

    private JsonNode storedFile() {
        JsonNode files = api.as(customer).get("/api/cases/" + number + "/files").json();
        assertThat(files.size()).isEqualTo(1);
        return files.get(0);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A resumable upload its sender ends (tus termination) stops the child that followed it; nothing is stored. */
    @Test
    void aResumableUploadThatIsTerminatedStopsTheChildThatFollowedIt() throws Exception {
        byte[] bundle = seedBundleWithRoutineLogs();
        long started = arriving.counted("started");
        long dropped = arriving.counted("dropped");
        TusClient tus = new TusClient(uploadLink());
        String upload = tus.create(NAME, bundle.length);

        tus.sendParts(upload, bundle, 0, bundle.length / 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> arriving.counted("started") == started + 1);
        // The hourly sweep of abandoned uploads leaves one in progress followed.
        ReflectionTestUtils.invokeMethod(
                context.getBean(Class.forName("com.patchdesk.server.files.TusUploads")), "removeAbandonedUploads");
        assertThat(arriving.counted("dropped")).isEqualTo(dropped);
        int id = upload.lastIndexOf('/') + 1;
        assertThat(tus.delete(upload.substring(0, id) + upload.substring(id).toUpperCase(Locale.ROOT)))
                .as("the upload's id spelled in upper case, as the library accepts it")
                .extracting(HttpResponse::statusCode)
                .isEqualTo(204);

        assertThat(arriving.counted("dropped")).isEqualTo(dropped + 1);
        assertNoArrivingChildLeft();
        assertThat(api.as(customer)
                        .get("/api/cases/" + number + "/files")
                        .json()
                        .size())
                .isZero();
    }

    /** The path of a new upload link of the case, as the collector is given it. */
    private String uploadLink() {
        var response = api.as(fixtures.engineer()).post("/api/cases/" + number + "/upload-links", Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return java.net.URI.create(response.json().path("url").asString()).getPath() + "/files";
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    /** tus 1.0 as the collector and the upload page speak it, parts of half a megabyte with a pause after each. */
    private final class TusClient {
        private static final int PART = 512 * 1024;
        private final String endpoint;

        TusClient(String endpoint) {
            this.endpoint = "http://127.0.0.1:" + port + endpoint;
        }

        String create(String name, long length) throws Exception {
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(java.net.URI.create(endpoint))
                            .header("Tus-Resumable", "1.0.0")
                            .header("Upload-Length", Long.toString(length))
                            .header(
                                    "Upload-Metadata",
                                    "filename "
                                            + java.util.Base64.getEncoder()
                                                    .encodeToString(name.getBytes(StandardCharsets.UTF_8)))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return absolute(created.headers().firstValue("Location").orElseThrow());
        }

        /** Sends {@code content} from {@code from} to {@code to} in parts; the offset the server then has. */
        int sendParts(String upload, byte[] content, int from, int to) throws Exception {
            int offset = from;
            while (offset < to) {
                int count = Math.min(PART, to - offset);
                HttpResponse<String> sent = http.send(
                        patch(upload, offset)
                                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(content, offset, count))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
                offset = Integer.parseInt(
                        sent.headers().firstValue("Upload-Offset").orElseThrow());
                TimeUnit.MILLISECONDS.sleep(20);
            }
            return offset;
        }

        /** The rest of {@code content} from {@code offset}, with a checksum it does not have, stalling before its end. */
        HttpResponse<String> patchWithWrongChecksum(String upload, byte[] content, int offset) throws Exception {
            int count = content.length - offset;
            return http.send(
                    patch(upload, offset)
                            .header(
                                    "Upload-Checksum",
                                    "sha1 " + java.util.Base64.getEncoder().encodeToString(new byte[20]))
                            .method(
                                    "PATCH",
                                    HttpRequest.BodyPublishers.fromPublisher(
                                            HttpRequest.BodyPublishers.ofInputStream(
                                                    () -> new StallingBeforeLastByte(content, offset)),
                                            count))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        long offset(String upload) throws Exception {
            return http.send(
                            HttpRequest.newBuilder(java.net.URI.create(upload))
                                    .header("Tus-Resumable", "1.0.0")
                                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .headers()
                    .firstValue("Upload-Offset")
                    .map(Long::parseLong)
                    .orElse(-1L);
        }

        HttpResponse<String> delete(String upload) throws Exception {
            return http.send(
                    HttpRequest.newBuilder(java.net.URI.create(upload))
                            .header("Tus-Resumable", "1.0.0")
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private HttpRequest.Builder patch(String upload, long offset) {
            return HttpRequest.newBuilder(java.net.URI.create(upload))
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", Long.toString(offset))
                    .header("Content-Type", "application/offset+octet-stream");
        }

        private String absolute(String location) {
            return location.startsWith("http") ? location : "http://127.0.0.1:" + port + location;
        }
    }

    /**
     * All but the last byte at once, then that byte after two seconds: time enough for a child that was still starting
     * when the part began to read what is in the file.
     */
    private static final class StallingBeforeLastByte extends InputStream {
        private final byte[] bytes;
        private int at;

        StallingBeforeLastByte(byte[] bytes, int from) {
            this.bytes = bytes;
            this.at = from;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (at >= bytes.length) {
                return -1;
            }
            if (at == bytes.length - 1) {
                try {
                    TimeUnit.SECONDS.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            int n = Math.min(length, at == bytes.length - 1 ? 1 : bytes.length - 1 - at);
            System.arraycopy(bytes, at, buffer, offset, n);
            at += n;
            return n;
        }
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof java.time.OffsetDateTime odt
                ? odt.toInstant()
                : ((java.sql.Timestamp) timestamp).toInstant();
    }

    /**
     * An upload its sender declares smaller than where a child would start is not followed at all (with S3, nothing
     * is copied for it); one of unknown length (chunked) or declared larger is.
     */
    @Test
    void anUploadDeclaredSmallerThanTheStartOfAChildIsNotFollowed() {
        var ref = fixtures.openCase(fixtures.organisation("信用社"));
        long from = settings.arrivingFrom().toBytes();

        assertThat(arriving.arriving(ref, NAME, from - 1)).isSameAs(ArrivingUploads.Arrival.IGNORED);
        assertThat(arriving.arriving(ref, NAME, from)).isNotSameAs(ArrivingUploads.Arrival.IGNORED);
        assertThat(arriving.arriving(ref, NAME, -1)).isNotSameAs(ArrivingUploads.Arrival.IGNORED);
    }

    /** No analysis child that follows an upload is running, and none left its folder. */
    private void assertNoArrivingChildLeft() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ProcessHandle.current()
                            .descendants()
                            .filter(ProcessHandle::isAlive)
                            .map(CommandLines::of)
                            .filter(command -> command.contains(DiagnosisChild.ARRIVING)))
                    .isEmpty();
            Path analyses = settings.scratch().resolve(AbandonedDiagnoses.ANALYSES);
            try (var folders = Files.list(analyses)) {
                assertThat(folders.map(f -> f.getFileName().toString()))
                        .noneMatch(name -> name.startsWith(ArrivingAnalysis.FOLDER_PREFIX));
            }
        });
    }

    /**
     * The seed case's bundle with {@link #routineBytes} of routine text beside its logs (stored, so the upload is as large
     * as the zip), the logs last: the child reads the routine text while the failure is still to come.
     */
    private byte[] seedBundleWithRoutineLogs() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
                InputStream seed = DiagnosisWhileArrivingTest.class.getResourceAsStream(
                        "/bundles/seed-case-KB5032196-bundle.zip");
                ZipInputStream entries = new ZipInputStream(seed)) {
            StringBuilder routine = new StringBuilder();
            for (int i = 0; routine.length() < routineBytes(); i++) {
                routine.append("2023-11-20 10:")
                        .append(String.format(Locale.ROOT, "%02d:%02d", i / 60 % 60, i % 60))
                        .append(" inventory of the machine, line ")
                        .append(i)
                        .append(", nothing to report\r\n");
            }
            stored(zip, "inventory/notes.txt", routine.toString().getBytes(StandardCharsets.UTF_8));
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                if (!entry.isDirectory()) {
                    stored(zip, entry.getName(), entries.readAllBytes());
                }
            }
        }
        return bytes.toByteArray();
    }

    /** How much routine text the bundle holds: three megabytes, past what the blob store tells of first. */
    int routineBytes() {
        return 3 * 1024 * 1024;
    }

    private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /** What {@link DiagnosisChild} writes for the stored file, given as {@link #NAME} beside it. */
    private String reportOfStoredFile(byte[] bundle, Locale language) throws IOException {
        Path file = Files.write(dir.resolve(NAME), bundle);
        Path out = Files.createDirectories(dir.resolve("out"));
        assertThat(DiagnosisChild.analyseInto(file, out, Locale.forLanguageTag("zh-CN")))
                .isTrue();
        return Files.readString(out.resolve(DiagnosisChild.reportFile(language)), StandardCharsets.UTF_8);
    }

    /** The report with its input's name left out: the one made here names the file by its path in this test. */
    private static JsonNode withoutInput(String report) {
        JsonNode tree = JSON.readTree(report);
        ((ObjectNode) tree.path("bundle")).remove("input");
        return tree;
    }

    /**
     * Uploads {@code bundle} a quarter megabyte at a time with a pause after each; the body breaks off (an
     * {@link IOException} in the client) after {@code upTo} bytes when that is less than the whole.
     */
    private HttpResponse<String> upload(byte[] bundle, int upTo) throws IOException, InterruptedException {
        return upload(bundle, upTo, NAME);
    }

    private HttpResponse<String> upload(byte[] bundle, int upTo, String name) throws IOException, InterruptedException {
        HttpRequest request = api.as(customer)
                .request("/api/cases/" + number + "/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Slowly(bundle, upTo)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitDiagnosis() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode list =
                    api.as(customer).get("/api/cases/" + number + "/diagnoses").json();
            return list.size() == 1
                    && List.of("done", "failed")
                            .contains(list.get(0).path("status").asString());
        });
        return api.as(customer)
                .get("/api/cases/" + number + "/diagnoses")
                .json()
                .get(0);
    }

    /** A body that comes a quarter megabyte at a time, 40 ms apart, and fails after {@code upTo} bytes. */
    private static final class Slowly extends InputStream {
        private static final int CHUNK = 256 * 1024;
        private final byte[] bytes;
        private final int upTo;
        private int at;
        private int inChunk;

        Slowly(byte[] bytes, int upTo) {
            this.bytes = bytes;
            this.upTo = upTo;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("read in blocks");
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (at >= bytes.length) {
                return -1;
            }
            if (at >= upTo) {
                throw new IOException("the customer's line dropped");
            }
            if (inChunk == CHUNK) {
                pause();
                inChunk = 0;
            }
            int n = Math.min(Math.min(length, CHUNK - inChunk), Math.min(bytes.length, upTo) - at);
            System.arraycopy(bytes, at, buffer, offset, n);
            at += n;
            inChunk += n;
            return n;
        }

        private static void pause() throws IOException {
            try {
                TimeUnit.MILLISECONDS.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
