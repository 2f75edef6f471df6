package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.jobs.Job;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads are diagnosed by the real engine in a child JVM through the job queue, and the result shows on the case.
 * Bundles from src/test/resources/bundles, named after what they show.
 */
@DeskTest
@TestPropertySource(
        properties = {"patchdesk.data-dir=target/test-data-diagnosis", "patchdesk.jobs.poll-interval=PT0.2S"})
class DiagnosisOfUploadsTest {

    @Autowired
    ApplicationContext context;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofMinutes(3);

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    Diagnoses diagnoses;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    com.patchdesk.server.audit.AuditTrail audit;

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    com.patchdesk.server.files.CaseFiles caseFiles;

    private Actor customer;
    private Actor engineer;
    private String number;
    private long caseId;
    private com.patchdesk.server.cases.CaseRef ref;

    @BeforeEach
    void openCase() {
        Organisation bank = fixtures.organisation("农村商业银行");
        customer = fixtures.customer(bank);
        engineer = fixtures.engineer();
        var opened = fixtures.openCase(bank);
        ref = opened;
        number = opened.number().value();
        caseId = opened.id();
    }

    @Test
    void theSeedCaseBundleIsDiagnosedAndItsFindingsShowOnTheCaseInItsLanguage() throws Exception {
        upload("seed-case-KB5032196-bundle.zip");

        JsonNode diagnosis = awaitDiagnoses(1).get(0);

        assertThat(diagnosis.path("status").asString()).isEqualTo("done");
        assertThat(diagnosis.path("outcome").asString()).isEqualTo("failure-diagnosed");
        assertThat(ruleIds(diagnosis.path("findings")))
                .contains(
                        "wu-incomplete-download",
                        "ssu-prerequisite-not-completed",
                        "component-store-repairable",
                        "build-far-behind",
                        "forward-delta-failed");
        assertThat(diagnosis.path("changes").path("previousDiagnosisId").isNull())
                .isTrue();
        assertThat(diagnosis.path("changes").path("added").size())
                .isEqualTo(diagnosis.path("findings").size());
        JsonNode entry = entries(customer, "DIAGNOSIS").get(0);
        assertThat(entry.path("summary").asString())
                .startsWith("诊断完成：seed-case-KB5032196-bundle.zip —— ")
                .endsWith(diagnosis.path("findings").size() + " 项发现");
        String report = api.as(customer)
                .get("/api/cases/" + number + "/diagnoses/"
                        + diagnosis.path("id").asLong() + "/report")
                .body();
        assertThat(JSON.readTree(report).path("schema").asString()).isEqualTo("patchdesk.diagnosis/1");
        assertThat(JSON.readTree(report).path("language").asString()).isEqualTo("zh-CN");
        assertThat(JSON.readTree(report).path("bundle").path("input").asString())
                .isEqualTo("seed-case-KB5032196-bundle.zip");
        JsonNode evidence =
                JSON.readTree(report).path("findings").get(0).path("evidence").get(0);
        assertThat(evidence.path("before").size() + evidence.path("after").size())
                .as("three lines of context around evidence")
                .isBetween(1, 6);
        JsonNode english = api.as(customer)
                .get("/api/cases/" + number + "/diagnoses/"
                        + diagnosis.path("id").asLong() + "/report?lang=en")
                .json();
        assertThat(english.path("language").asString()).isEqualTo("en");
        assertThat(english.path("findings").get(0).path("title").asString())
                .isEqualTo(diagnosis.path("findings").get(0).path("titleEn").asString());
        assertThat(api.as(customer)
                        .get("/api/cases/" + number + "/diagnoses/"
                                + diagnosis.path("id").asLong() + "/report?lang=fr")
                        .status())
                .isEqualTo(400);

        // Stored compressed, each language: the Chinese report read back is the one the engine wrote.
        long id = diagnosis.path("id").asLong();
        List<Map<String, Object>> rows = jdbc.sql("""
                        SELECT language, report_json, OCTET_LENGTH(report_gzip) AS packed FROM diagnosis_reports
                        WHERE diagnosis_id = :id ORDER BY language""").param("id", id).query().listOfRows();
        assertThat(rows).extracting(r -> r.get("language")).containsExactly("en", "zh-CN");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("report_json")).isNull());
        assertThat(((Number) rows.get(1).get("packed")).intValue())
                .isLessThan(report.getBytes(StandardCharsets.UTF_8).length / 4);
        byte[] stored = jdbc.sql(
                        "SELECT report_gzip FROM diagnosis_reports WHERE diagnosis_id = :id AND language = 'zh-CN'")
                .param("id", id)
                .query(byte[].class)
                .single();
        assertThat(ReportCompression.unpack(stored)).isEqualTo(report);
        assertThat(diagnoses.reportJson(caseId, id, Locale.forLanguageTag("zh-CN")))
                .isEqualTo(Optional.of(report));
        assertThat(report).containsPattern("\\p{IsHan}");
        // A small upload is not followed as it arrives: its job is any server's (DiagnosisWhileArrivingTest).
        assertThat(jdbc.sql("SELECT j.prefer_worker FROM jobs j JOIN diagnoses d ON d.job_id = j.id WHERE d.id = :id")
                        .param("id", id)
                        .query()
                        .singleRow()
                        .get("prefer_worker"))
                .isNull();
        // A row keeps its report one way or the other (V131's check).
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO diagnosis_reports (diagnosis_id, language) VALUES (:id, 'fr')")
                        .param("id", id)
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);

        ApiClient.Response draft = api.as(engineer).get("/api/cases/" + number + "/diagnoses/latest/draft-reply");
        assertThat(draft.status()).as(draft.body()).isEqualTo(200);
        String headline = diagnosis.path("findings").get(0).path("titleZh").asString();
        assertThat(draft.json().path("locale").asString()).isEqualTo("zh-CN");
        assertThat(draft.json().path("body").asString()).contains(headline);
        assertThat(api.as(customer)
                        .get("/api/cases/" + number + "/diagnoses/latest/draft-reply")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aLaterBundleShowsWhatWasFixedAndWhatIsStillThere() throws Exception {
        upload("seed-case-KB5032196-bundle.zip");
        awaitDiagnoses(1);
        upload("after-servicing-stack-repaired-bundle.zip");

        JsonNode latest = awaitDiagnoses(2).get(0);

        JsonNode changes = latest.path("changes");
        assertThat(changes.path("previousDiagnosisId").asLong())
                .isEqualTo(awaitDiagnoses(2).get(1).path("id").asLong());
        assertThat(ruleIds(changes.path("fixed")))
                .contains("wu-incomplete-download", "ssu-prerequisite-not-completed")
                .doesNotContain("forward-delta-failed");
        assertThat(ruleIds(changes.path("stillThere"))).contains("forward-delta-failed");
        assertThat(entries(engineer, "DIAGNOSIS").get(1).path("summary").asString())
                .contains("已消失");
    }

    @Test
    void aBundleOfWhichNothingCouldBeReadNeitherFixesNorFindsAnything() throws Exception {
        upload("seed-case-KB5032196-bundle.zip");
        awaitDiagnoses(1);
        upload("not-a-zip.zip");

        JsonNode unreadable = awaitDiagnoses(2).get(0);

        assertThat(unreadable.path("outcome").asString()).isEqualTo("nothing-read");
        assertThat(unreadable.path("changes").isNull()
                        || unreadable.path("changes").isMissingNode())
                .isTrue();
        assertThat(entries(engineer, "DIAGNOSIS").get(1).path("summary").asString())
                .doesNotContain("已消失");

        upload("after-servicing-stack-repaired-bundle.zip");
        JsonNode latest = awaitDiagnoses(3).get(0);

        assertThat(latest.path("changes").path("previousDiagnosisId").asLong())
                .isEqualTo(awaitDiagnoses(3).get(2).path("id").asLong());
        assertThat(ruleIds(latest.path("changes").path("fixed"))).contains("wu-incomplete-download");
    }

    @Test
    void badBundlesGetAClearMessageKeepTheirUploadAndLeaveTheServerHealthy() throws Exception {
        Map<String, String> expected = Map.of(
                // The case is Chinese, so is why nothing could be read (the engine's skip reasons in zh-CN).
                "not-a-zip.zip", "无法识别此内容",
                "empty.zip", "空 zip 压缩包",
                "zip-slip.zip", "不安全的路径",
                "zip-bomb.zip", "CBS.log",
                "password-protected.zip", "加密（受密码保护）的 zip 条目");
        for (String name : expected.keySet()) {
            upload(name);
        }

        JsonNode diagnoses = awaitDiagnoses(expected.size());

        for (JsonNode diagnosis : diagnoses) {
            String name = diagnosis.path("fileName").asString();
            assertThat(diagnosis.path("status").asString()).as(name).isEqualTo("done");
            assertThat(diagnosis.path("filesRead").asInt()).as(name).isZero();
            assertThat(diagnosis.path("message").asString())
                    .as(name)
                    .startsWith("未能从 " + name + " 中读取任何日志：")
                    .contains(expected.get(name));
            HttpResponse<byte[]> original = http.send(
                    api.as(engineer)
                            .request("/api/cases/" + number + "/files/"
                                    + diagnosis.path("fileId").asLong() + "/content")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(original.body()).as(name).isEqualTo(fixture(name));
        }
        assertThat(api.anonymous().get("/actuator/health").body()).contains("\"UP\"");
    }

    /**
     * A Chinese name of 255 characters (Windows allows 255 UTF-16 characters) is 765 bytes of UTF-8, three times what
     * a Linux file system takes for a name: the scratch copy gets a shortened name that keeps the extension; the case
     * keeps the upload's name. A name over 255 characters is shortened on upload and keeps its extension too.
     */
    @Test
    void anUploadWithALongChineseNameIsDiagnosedUnderItsNameWithItsExtension() throws Exception {
        String sent = "非常长的文件名".repeat(40) + ".zip";

        upload(sent, fixture("seed-case-KB5032196-bundle.zip"));
        JsonNode diagnosis = awaitDiagnoses(1).get(0);

        String stored = diagnosis.path("fileName").asString();
        assertThat(stored).hasSize(255).isEqualTo(sent.substring(0, 251) + ".zip");
        assertThat(diagnosis.path("status").asString())
                .as(diagnosis.path("message").asString())
                .isEqualTo("done");
        assertThat(diagnosis.path("outcome").asString()).isEqualTo("failure-diagnosed");
        JsonNode report = api.as(customer)
                .get("/api/cases/" + number + "/diagnoses/"
                        + diagnosis.path("id").asLong() + "/report")
                .json();
        String input = report.path("bundle").path("input").asString();
        assertThat(input).startsWith("非常长的文件名").endsWith("….zip").doesNotContain("/");
        assertThat(input.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ScratchName.MAX_BYTES);
        assertThat(entries(customer, "DIAGNOSIS").get(0).path("summary").asString())
                .startsWith("诊断完成：" + stored + " —— ");
    }

    /**
     * A diagnosis that fails for the server's own reason (here its stored copy is gone) tells the customer that the
     * server failed, without the server's detail; the detail is the server log's.
     */
    @Test
    void aDiagnosisTheServerFailsToRunShowsTheCustomerNoServerDetail() throws Exception {
        upload("seed-case-KB5032196-bundle.zip");
        long fileId = awaitDiagnoses(1).get(0).path("fileId").asLong();
        var file = caseFiles.find(ref, fileId).orElseThrow();
        java.nio.file.Files.delete(caseFiles.localFile(file).orElseThrow());
        long[] held = diagnosisHeldElsewhere(fileId, 3);
        DiagnoseBundleHandler handler = context.getBean(DiagnoseBundleHandler.class);

        assertThatThrownBy(() ->
                        handler.handle(new Job(held[0], Diagnoses.JOB_TYPE, "{\"diagnosisId\":" + held[1] + "}", 3, 3)))
                .isInstanceOf(java.io.IOException.class);

        assertThat(status(held[1])).isEqualTo("failed");
        JsonNode failed = awaitDiagnoses(2).get(0);
        assertThat(failed.path("message").asString())
                .isEqualTo("无法诊断 seed-case-KB5032196-bundle.zip：服务器处理时出错；工程师可以在服务器日志中查看原因并重新运行诊断")
                .doesNotContain(file.blobKey());
        assertThat(entries(customer, "DIAGNOSIS").get(1).path("summary").asString())
                .isEqualTo(failed.path("message").asString());
    }

    /**
     * A zip cut off in the middle of its only log: the lines before the cut are read (and findings made from them),
     * though no file was read whole. The case is told that part of it was read, not that nothing was.
     */
    @Test
    void aTruncatedZipIsSaidToBePartlyReadNotUnread() throws Exception {
        byte[] log;
        try (var seed = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(fixture("seed-case-KB5032196-bundle.zip")))) {
            java.util.zip.ZipEntry entry;
            do {
                entry = seed.getNextEntry();
            } while (!entry.getName().endsWith("CBS/CBS.log"));
            log = seed.readAllBytes();
        }
        var zipped = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(zipped)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("CBS.log"));
            for (int i = 0; i < 400; i++) {
                zip.write(log);
            }
        }
        byte[] whole = zipped.toByteArray();

        upload("truncated.zip", java.util.Arrays.copyOf(whole, whole.length / 2));
        JsonNode diagnosis = awaitDiagnoses(1).get(0);

        assertThat(diagnosis.path("outcome").asString()).isEqualTo("failure-diagnosed");
        assertThat(diagnosis.path("filesRead").asInt()).isZero();
        assertThat(diagnosis.path("message").asString())
                .startsWith("只读取了 truncated.zip 的一部分，其余部分已损坏或无法读取，诊断可能不完整：")
                .contains("CBS.log")
                // Not "未能从 … 中读取任何日志" (nothing read): the skip reason may say the file was cut ("未能读到结尾").
                .doesNotContain("未能从");
    }

    @Test
    void aTimedOutDiagnosisRunsAgainOnTheSameBytesAndTheEarlierOneIsKept() throws Exception {
        upload("seed-case-KB5032196-bundle.zip");
        JsonNode first = awaitDiagnoses(1).get(0);
        long firstId = first.path("id").asLong();
        // What the job records when the analysis child is killed at the timeout.
        diagnoses.failed(firstId, "诊断失败：分析超时");
        String rerun = "/api/cases/" + number + "/diagnoses/" + firstId + "/rerun";
        assertThat(api.as(customer).post(rerun, Map.of()).status()).isEqualTo(403);
        String otherCase =
                fixtures.openCase(fixtures.organisation("别的银行")).number().value();
        assertThat(api.as(engineer)
                        .post("/api/cases/" + otherCase + "/diagnoses/" + firstId + "/rerun", Map.of())
                        .status())
                .isEqualTo(404);

        // The job workers wait while the re-run is asked for twice: a warm analysis worker would otherwise finish
        // it before the second request.
        SmartLifecycle jobWorkers = context.getBean("jobWorkers", SmartLifecycle.class);
        jobWorkers.stop();
        ApiClient.Response queued;
        try {
            queued = api.as(engineer).post(rerun, Map.of());

            assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
            assertThat(queued.json().path("fileId").asLong())
                    .isEqualTo(first.path("fileId").asLong());
            assertThat(api.as(engineer).post(rerun, Map.of()).status())
                    .as("while the re-run is pending")
                    .isEqualTo(409);
        } finally {
            jobWorkers.start();
        }
        JsonNode both = awaitDiagnoses(2);
        assertThat(both.get(0).path("id").asLong())
                .isEqualTo(queued.json().path("id").asLong());
        assertThat(both.get(0).path("status").asString()).isEqualTo("done");
        assertThat(ruleIds(both.get(0).path("findings"))).contains("ssu-prerequisite-not-completed");
        assertThat(both.get(1).path("id").asLong()).isEqualTo(firstId);
        assertThat(both.get(1).path("status").asString()).isEqualTo("failed");
        long caseId = both.get(0).path("caseId").asLong();
        assertThat(audit.forCase(caseId)).anySatisfy(row -> {
            assertThat(row.action()).isEqualTo("rerun");
            assertThat(row.actorId()).isEqualTo(engineer.userId());
            assertThat(row.field()).isEqualTo("rerunOf");
            assertThat(row.newValue()).isEqualTo(String.valueOf(firstId));
        });
    }

    /** Six requests for the same re-run at once (two engineers, a double click): exactly one is queued. */
    @Test
    void reRunsAskedForAtOnceQueueOneDiagnosis() throws Exception {
        upload("seed-case-KB5032196-bundle.zip");
        long firstId = awaitDiagnoses(1).get(0).path("id").asLong();
        diagnoses.failed(firstId, "诊断失败：分析超时");
        String rerun = "/api/cases/" + number + "/diagnoses/" + firstId + "/rerun";
        SmartLifecycle jobWorkers = context.getBean("jobWorkers", SmartLifecycle.class);
        jobWorkers.stop();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.as(engineer).post(rerun, Map.of()).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }

            assertThat(statuses).containsOnly(202, 409);
            assertThat(statuses.stream().filter(status -> status == 202)).hasSize(1);
        } finally {
            pool.shutdownNow();
            jobWorkers.start();
        }
        assertThat(awaitDiagnoses(2)).hasSize(2);
    }

    private JsonNode awaitDiagnoses(int count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode list =
                    api.as(customer).get("/api/cases/" + number + "/diagnoses").json();
            return list.size() == count
                    && list.valueStream()
                            .allMatch(d -> List.of("done", "failed")
                                    .contains(d.path("status").asString()));
        });
        return api.as(customer).get("/api/cases/" + number + "/diagnoses").json();
    }

    private List<JsonNode> entries(Actor viewer, String kind) {
        return api.as(viewer)
                .get("/api/cases/" + number + "/entries")
                .json()
                .valueStream()
                .filter(e -> e.path("kind").asString().equals(kind))
                .toList();
    }

    private static List<String> ruleIds(JsonNode findings) {
        return findings.valueStream().map(f -> f.path("ruleId").asString()).toList();
    }

    /**
     * A diagnosis on its last allowed attempt whose handler is interrupted (the server stopping: the job goes back to
     * the queue, the attempt not counted) is not failed: a deploy would otherwise fail it for good.
     */
    @Test
    void anInterruptedLastAttemptDoesNotFailTheDiagnosis() throws Exception {
        upload("seed-case-KB5032196-bundle.zip");
        JsonNode uploaded = awaitDiagnoses(1).get(0);
        long fileId = uploaded.path("fileId").asLong();
        long[] held = diagnosisHeldElsewhere(fileId, 1);
        long job = held[0];
        long id = held[1];
        DiagnoseBundleHandler handler = context.getBean(DiagnoseBundleHandler.class);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread attempt = new Thread(() -> {
            try {
                handler.handle(new Job(job, Diagnoses.JOB_TYPE, "{\"diagnosisId\":" + id + "}", 1, 1));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        attempt.start();
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> !status(id).equals("queued") || thrown.get() != null);
        assertThat(status(id)).as("running when interrupted").isEqualTo("running");
        attempt.interrupt();
        attempt.join(60_000);

        assertThat(thrown.get()).as("the attempt ended by the interrupt").isNotNull();
        assertThat(status(id)).as("not failed: the job is run again").isEqualTo("running");
        assertThat(entriesOfDiagnosis(id)).isZero();
    }

    /**
     * An attempt whose job another attempt took meanwhile (its lease expired during a database outage) finishes its
     * analysis, but its result is dropped: no report over the other attempt's, no second entry. The attempt that holds
     * the job stores its result and its entry.
     */
    @Test
    void aResultOfAnAttemptThatNoLongerHoldsItsJobIsDropped() throws Exception {
        upload("seed-case-KB5032196-bundle.zip");
        long fileId = awaitDiagnoses(1).get(0).path("fileId").asLong();
        long[] held = diagnosisHeldElsewhere(fileId, 2);
        long job = held[0];
        long id = held[1];
        DiagnoseBundleHandler handler = context.getBean(DiagnoseBundleHandler.class);

        handler.handle(new Job(job, Diagnoses.JOB_TYPE, "{\"diagnosisId\":" + id + "}", 1, 3));

        assertThat(status(id)).as("the late first attempt stored nothing").isEqualTo("running");
        assertThat(entriesOfDiagnosis(id)).isZero();

        handler.handle(new Job(job, Diagnoses.JOB_TYPE, "{\"diagnosisId\":" + id + "}", 2, 3));

        assertThat(status(id)).isEqualTo("done");
        assertThat(entriesOfDiagnosis(id)).isEqualTo(1);
    }

    /** A diagnosis of the stored file whose job, at attempt {@code attempts}, a worker of another server holds. */
    private long[] diagnosisHeldElsewhere(long fileId, int attempts) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO jobs (type, payload, status, attempts, max_attempts, run_after, locked_by, locked_until,
                                  created_at)
                VALUES (:type, '{}', 'running', :attempts, 3, :now, '1@elsewhere/x', :until, :now)""")
                .param("type", Diagnoses.JOB_TYPE)
                .param("attempts", attempts)
                .param("now", UtcTimestamps.toSql(Instant.now()))
                .param("until", UtcTimestamps.toSql(Instant.now().plus(Duration.ofHours(1))))
                .update(keys, "id");
        long job = keys.getKeyAs(Long.class);
        keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO diagnoses (case_id, case_number, language, file_id, job_id, status, created_at)
                VALUES (:case, :number, 'zh-CN', :file, :job, 'queued', :now)""")
                .param("case", caseId)
                .param("number", number)
                .param("file", fileId)
                .param("job", job)
                .param("now", UtcTimestamps.toSql(Instant.now()))
                .update(keys, "id");
        return new long[] {job, keys.getKeyAs(Long.class)};
    }

    private long entriesOfDiagnosis(long diagnosisId) {
        return jdbc.sql("SELECT COUNT(*) FROM case_entries WHERE ref_type = 'diagnosis' AND ref_id = :id")
                .param("id", diagnosisId)
                .query(Long.class)
                .single();
    }

    private String status(long diagnosisId) {
        return jdbc.sql("SELECT status FROM diagnoses WHERE id = :id")
                .param("id", diagnosisId)
                .query(String.class)
                .single();
    }

    private void upload(String fixture) throws Exception {
        upload(fixture, fixture(fixture));
    }

    private void upload(String name, byte[] content) throws Exception {
        HttpResponse<String> response = http.send(
                api.as(customer)
                        .request("/api/cases/" + number + "/files?name="
                                + URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = DiagnosisOfUploadsTest.class.getResourceAsStream("/bundles/" + name)) {
            return in.readAllBytes();
        }
    }
}
