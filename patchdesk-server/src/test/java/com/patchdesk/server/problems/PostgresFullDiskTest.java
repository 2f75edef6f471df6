package com.patchdesk.server.problems;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskDatabase;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.SmallDisk;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL's own disk full (SQLSTATE 53100 disk_full): the case timeline's table is moved into a tablespace on a
 * 16 MB tmpfs that this root-run test mounts (skipped where mounting is not allowed), which a filler table then fills.
 * A note that no longer fits is answered 507 with a clear problem, never 401 or 500; every note answered 201 is kept;
 * once space is freed the next note is taken without a restart. The same behaviour on H2 is {@code files.FullDiskTest}.
 */
@Tag("slow")
@DeskTest
class PostgresFullDiskTest {

    private static final Path SMALL_DISK =
            Path.of("target", "pg-small-disk-" + UUID.randomUUID()).toAbsolutePath();
    private static final String TABLESPACE =
            "pd_full_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static boolean mounted;

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void smallDisk() throws Exception {
        Assumptions.assumeTrue(DeskDatabase.postgres(), "PostgreSQL's disk full is tested in the PostgreSQL pass");
        mounted = SmallDisk.mount(SMALL_DISK, "16m") && run("chown", "postgres:postgres", SMALL_DISK.toString());
        Assumptions.assumeTrue(mounted, "mounting a tmpfs for PostgreSQL is not allowed here");
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mounted) {
            SmallDisk.unmount(SMALL_DISK);
        }
    }

    @Test
    void aNoteThatDoesNotFitIs507AndEveryAnsweredNoteIsKept() {
        Organisation bank = fixtures.organisation("满盘银行 PG");
        Actor customer = fixtures.customer(bank);
        String number = fixtures.openCase(bank).number().value();
        jdbc.execute("CREATE TABLESPACE " + TABLESPACE + " LOCATION '" + SMALL_DISK + "'");
        try {
            jdbc.execute("ALTER TABLE case_entries SET TABLESPACE " + TABLESPACE);
            jdbc.execute("CREATE TABLE disk_filler (b text) TABLESPACE " + TABLESPACE);
            fill();

            List<String> kept = new ArrayList<>();
            int full = 0;
            for (int i = 0; i < 60 && full == 0; i++) {
                String summary = "第 " + i + " 条 " + UUID.randomUUID();
                ApiClient.Response answer = api.as(customer)
                        .post(
                                "/api/cases/" + number + "/notes",
                                Map.of("summary", summary, "body", "组件存储日志".repeat(3000)));
                assertThat(answer.status()).as(answer.body()).isIn(201, 507);
                if (answer.status() == 201) {
                    kept.add(summary.substring(summary.length() - 36));
                } else {
                    full++;
                    assertThat(answer.body()).contains("storage is full");
                }
            }
            assertThat(full).as("a note met the full disk").isEqualTo(1);
            // The rest of the desk still answers the signed-in customer (no 401 after the failure).
            ApiClient.Response entries = api.as(customer).get("/api/cases/" + number + "/entries?limit=100");
            assertThat(entries.status()).isEqualTo(200);
            String timeline = entries.body();
            assertThat(kept).allSatisfy(id -> assertThat(timeline).contains(id));

            jdbc.execute("DROP TABLE disk_filler"); // an administrator frees space
            assertThat(api.as(customer)
                            .post("/api/cases/" + number + "/notes", Map.of("summary", "空间已释放"))
                            .status())
                    .as("taken again without a restart")
                    .isEqualTo(201);
        } finally {
            jdbc.execute("DROP TABLE IF EXISTS disk_filler");
            jdbc.execute("ALTER TABLE case_entries SET TABLESPACE pg_default");
            jdbc.execute("DROP TABLESPACE IF EXISTS " + TABLESPACE);
        }
    }

    /** Random text until PostgreSQL says the disk is full (53100). */
    private void fill() {
        for (int i = 0; i < 400; i++) {
            try {
                jdbc.execute(
                        "INSERT INTO disk_filler SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 4000)");
            } catch (DataAccessException e) {
                if (e.getMostSpecificCause() instanceof SQLException sql && "53100".equals(sql.getSQLState())) {
                    return;
                }
                throw e;
            }
        }
        throw new AssertionError("the 16 MB tablespace never filled up");
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
    }
}
