package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.config.UtcTimestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** What a kill -9 mid-upload leaves (a 'receiving' row, a .part file) is cleaned up; the packaged run: bench/crash-recovery.sh. */
@DeskTest
class AbandonedUploadsTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    AbandonedUploads recovery;

    @Autowired
    CaseTimeline timeline;

    @Value("${patchdesk.storage.local.root}")
    Path blobs;

    @Value("${patchdesk.data-dir}")
    Path dataDir;

    @Test
    void anUploadLeftReceivingByADeadProcessFailsOnItsTimelineAndItsPartFileGoes() throws Exception {
        CaseRef ref = fixtures.openCase(fixtures.organisation("断电银行"));
        Instant before = clock.instant().minus(Duration.ofMinutes(3));
        jdbc.sql("""
                INSERT INTO case_files (case_id, name, origin, status, uploaded_at)
                VALUES (:case, 'CBS日志.zip', 'upload', 'receiving', :at)""")
                .param("case", ref.id())
                .param("at", UtcTimestamps.toSql(before))
                .update();
        Path part = Files.createTempFile(Files.createDirectories(blobs.resolve("incoming")), "put-", ".part");
        Files.write(part, new byte[4096]);
        Files.setLastModifiedTime(part, FileTime.from(Instant.now().minus(Duration.ofMinutes(3))));
        Path live = Files.createTempFile(blobs.resolve("incoming"), "put-", ".part");

        int failed = recovery.sweep(clock.instant(), Instant.now().minus(Duration.ofMinutes(1)));

        assertThat(failed).isEqualTo(1);
        assertThat(jdbc.sql("SELECT status FROM case_files WHERE case_id = :case")
                        .param("case", ref.id())
                        .query(String.class)
                        .single())
                .isEqualTo("failed");
        assertThat(part).doesNotExist();
        assertThat(live).as("an upload still being written").exists();
        assertThat(timeline.entries(ref, fixtures.engineer()))
                .anySatisfy(entry ->
                        assertThat(entry.summary()).contains("CBS日志.zip").contains("failed"));
        assertThat(recovery.sweep(clock.instant(), Instant.now().minus(Duration.ofMinutes(1))))
                .isZero();
        Files.deleteIfExists(live);
    }

    /** The container's spool file of a form upload a killed process was receiving goes; one being written stays. */
    @Test
    void aSpooledFormUploadLeftByAKilledProcessGoes() throws Exception {
        Path spool = Files.createDirectories(
                dataDir.resolve("tmp").resolve("multipart").toAbsolutePath());
        Path left = Files.createTempFile(spool, "upload_", ".tmp");
        Files.write(left, new byte[4096]);
        Files.setLastModifiedTime(left, FileTime.from(Instant.now().minus(Duration.ofMinutes(3))));
        Path live = Files.createTempFile(spool, "upload_", ".tmp");

        recovery.sweep(clock.instant(), Instant.now().minus(Duration.ofMinutes(1)));

        assertThat(left).doesNotExist();
        assertThat(live).as("a form upload still arriving").exists();
        Files.deleteIfExists(live);
    }

    /**
     * The process stored an upload and died before its timeline entry and its announcement (which follow in
     * transactions of their own): the sender's retry was answered "duplicate", so only the next start diagnoses it.
     */
    @Test
    void anUploadStoredButNeverAnnouncedIsAnnouncedAtTheNextStart() {
        CaseRef ref = fixtures.openCase(fixtures.organisation("存后即停银行"));
        Instant before = clock.instant().minus(Duration.ofMinutes(3));
        long stored = storedFile(ref, "CBS日志.zip", before);
        long old = storedFile(
                ref, "旧日志.zip", before.minus(AbandonedUploads.ANNOUNCED_WITHIN).minusSeconds(60));
        long announced = storedFile(ref, "已公布.zip", before);
        timeline.append(ref, EntryKind.UPLOAD, null, "已公布.zip", null, "case_file", announced, false);

        assertThat(recovery.announceStored(clock.instant())).isEqualTo(1);
        assertThat(recovery.announceStored(clock.instant())).as("once").isZero();

        assertThat(timeline.entries(ref, fixtures.engineer()))
                .filteredOn(e -> e.kind() == EntryKind.UPLOAD)
                .extracting(e -> e.refId())
                .containsExactlyInAnyOrder(stored, announced);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM diagnoses WHERE file_id = :file")
                        .param("file", stored)
                        .query(Long.class)
                        .single())
                .as("announced: its diagnosis is requested")
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM diagnoses WHERE file_id IN (:files)")
                        .param("files", List.of(old, announced))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private long storedFile(CaseRef ref, String name, Instant at) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO case_files (case_id, name, origin, status, size, sha256, blob_key, uploaded_at, stored_at)
                VALUES (:case, :name, 'upload', 'stored', 4, :sha, :sha, :at, :at)""")
                .param("case", ref.id())
                .param("name", name)
                .param("sha", "%064x".formatted(name.hashCode() & 0xffffffffL))
                .param("at", UtcTimestamps.toSql(at))
                .update(key, "id");
        return key.getKeyAs(Long.class);
    }
}
