package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.config.UtcTimestamps;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** A diagnosis a dead process was running shows as queued again, and its scratch folder goes. */
@DeskTest
class AbandonedDiagnosesTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    AbandonedDiagnoses recovery;

    @Autowired
    DiagnosisProperties settings;

    @Autowired
    CaseTimeline timeline;

    @Test
    void aDiagnosisWhoseWorkerDiedIsQueuedAgainAndItsScratchIsRemoved() throws Exception {
        CaseRef ref = fixtures.openCase(fixtures.organisation("重启银行"));
        // A pid that is not alive on this host: the process that held the job was killed.
        long deadPid =
                ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(100) + 100_000;
        long dead = runningDiagnosis(
                ref,
                deadPid + "@" + InetAddress.getLocalHost().getHostName() + "/1a2b",
                clock.instant().plus(Duration.ofMinutes(1)));
        long alive = runningDiagnosis(
                ref,
                ProcessHandle.current().pid() + "@" + InetAddress.getLocalHost().getHostName() + "/3c4d",
                clock.instant().plus(Duration.ofMinutes(1)));
        long expired = runningDiagnosis(ref, "1@elsewhere/5e6f", clock.instant().minus(Duration.ofSeconds(1)));

        assertThat(recovery.requeue()).isGreaterThanOrEqualTo(2);
        assertThat(status(dead)).isEqualTo("queued");
        assertThat(status(expired)).isEqualTo("queued");
        assertThat(status(alive)).isEqualTo("running");

        Path scratch = Files.createDirectories(settings.scratch());
        Path leftover = Files.createTempDirectory(scratch, "diagnosis-" + dead + "-");
        Files.writeString(leftover.resolve("CBS.log"), "partial copy");
        // Where the analyzer writes a child's output (the top of the scratch folder held only the bundle's folder;
        // the kill -9 test, KilledServerRecoversIT, found outputs there were never removed).
        Path output = Files.createTempDirectory(Files.createDirectories(scratch.resolve("analyses")), "analysis-");
        Files.writeString(output.resolve("child.log"), "half a report");
        for (Path path : new Path[] {leftover.resolve("CBS.log"), leftover, output.resolve("child.log"), output}) {
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        Path current = Files.createTempDirectory(scratch, "diagnosis-" + alive + "-");
        Path runtime = Files.createDirectories(scratch.resolve("analyses").resolve("runtime"));
        Files.setLastModifiedTime(runtime, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        assertThat(recovery.removeScratch(Instant.now().minus(Duration.ofMinutes(30))))
                .isGreaterThanOrEqualTo(2);
        assertThat(leftover).doesNotExist();
        assertThat(output).doesNotExist();
        assertThat(current).exists();
        assertThat(runtime).as("the extracted runtime is every child's, kept").exists();
        Files.delete(current);
    }

    /**
     * A worker killed on the last allowed attempt: the job queue fails the job when its lease expires, and the diagnosis
     * is failed with it, with a timeline entry the customer sees, instead of saying "running" (or "queued") for good.
     */
    @Test
    void aDiagnosisWhoseLastAttemptDiedIsFailedWithAnEntryNotLeftRunning() {
        Organisation bank = fixtures.organisation("最后一次银行");
        CaseRef ref = fixtures.openCase(bank);
        Actor customer = fixtures.customer(bank);
        long diagnosis =
                runningDiagnosis(ref, "1@elsewhere/7a8b", clock.instant().minus(Duration.ofMinutes(1)));
        long queued = runningDiagnosis(ref, "1@elsewhere/9c0d", clock.instant().minus(Duration.ofMinutes(1)));
        // What JobStore.failAbandoned leaves: the job failed on its last attempt; the diagnoses as the worker left them
        // (one shown as queued again by an earlier sweep).
        jdbc.sql("""
                UPDATE jobs SET status = 'failed', attempts = max_attempts, locked_by = NULL, locked_until = NULL
                WHERE id IN (SELECT job_id FROM diagnoses WHERE id IN (:ids))""").param("ids", List.of(diagnosis, queued)).update();
        jdbc.sql("UPDATE diagnoses SET status = 'queued' WHERE id = :id")
                .param("id", queued)
                .update();

        assertThat(recovery.failOrphaned()).isGreaterThanOrEqualTo(2);
        assertThat(recovery.failOrphaned()).as("once").isZero();

        assertThat(status(diagnosis)).isEqualTo("failed");
        assertThat(status(queued)).isEqualTo("failed");
        assertThat(timeline.entries(ref, customer))
                .filteredOn(e -> e.kind() == EntryKind.DIAGNOSIS)
                .hasSize(2)
                .allSatisfy(
                        e -> assertThat(e.summary()).contains("无法诊断 bundle.zip").contains("最后一次"));
        recovery.requeue();
        assertThat(status(diagnosis)).as("not queued again").isEqualTo("failed");
    }

    /**
     * What a server killed while children followed uploads leaves in the analyses folder: the children's folders and,
     * with S3, the copies of the uploads they read. Both go when a server starts; what it starts later stays.
     */
    @Test
    void aDeadServersArrivingFoldersAndCopiesAreRemovedAtStart() throws Exception {
        Path analyses = Files.createDirectories(settings.scratch().resolve(AbandonedDiagnoses.ANALYSES));
        Path folder = Files.createTempDirectory(analyses, ArrivingAnalysis.FOLDER_PREFIX);
        Files.writeString(
                Files.createDirectory(folder.resolve(ArrivingAnalysis.BUNDLE_FOLDER))
                        .resolve("bundle.zip"),
                "part");
        Path copy = Files.createTempFile(analyses, ArrivingAnalysis.FOLDER_PREFIX, ".copy");
        for (Path path :
                new Path[] {folder.resolve(ArrivingAnalysis.BUNDLE_FOLDER).resolve("bundle.zip"), copy}) {
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        Files.setLastModifiedTime(
                folder.resolve(ArrivingAnalysis.BUNDLE_FOLDER),
                FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path started = Files.createTempFile(analyses, ArrivingAnalysis.FOLDER_PREFIX, ".copy");
        Files.setLastModifiedTime(started, FileTime.from(Instant.now().plus(Duration.ofMinutes(1))));

        recovery.afterStart();

        assertThat(folder).doesNotExist();
        assertThat(copy).doesNotExist();
        assertThat(started).as("a copy of this server's own").exists();
        Files.delete(started);
    }

    private long runningDiagnosis(CaseRef ref, String worker, Instant lockedUntil) {
        var job = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO jobs (type, payload, status, attempts, max_attempts, run_after, locked_by, locked_until,
                                  created_at)
                VALUES ('recovery-test', '{}', 'running', 1, 3, :now, :worker, :until, :now)""")
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .param("worker", worker)
                .param("until", UtcTimestamps.toSql(lockedUntil))
                .update(job, "id");
        var file = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO case_files (case_id, name, origin, status, uploaded_at)
                VALUES (:case, 'bundle.zip', 'upload', 'failed', :now)""")
                .param("case", ref.id())
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .update(file, "id");
        var diagnosis = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO diagnoses (case_id, case_number, language, file_id, job_id, status, created_at, started_at)
                VALUES (:case, :number, 'zh-CN', :file, :job, 'running', :now, :now)""")
                .param("case", ref.id())
                .param("number", ref.number().value())
                .param("file", file.getKeyAs(Long.class))
                .param("job", job.getKeyAs(Long.class))
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .update(diagnosis, "id");
        return diagnosis.getKeyAs(Long.class);
    }

    private String status(long diagnosis) {
        return jdbc.sql("SELECT status FROM diagnoses WHERE id = :id")
                .param("id", diagnosis)
                .query(String.class)
                .single();
    }
}
