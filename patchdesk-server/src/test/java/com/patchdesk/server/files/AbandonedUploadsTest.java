package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.config.UtcTimestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

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
}
