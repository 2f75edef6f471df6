package com.patchdesk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.config.UtcTimestamps;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Runs on H2 and, in the {@code postgres} surefire execution, on PostgreSQL: the same SQL must work on both. */
@DeskTest
class MigrationsTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyCaseDeskMigrationAppliedSuccessfully() {
        List<String> applied = jdbc.sql("""
                SELECT "version" FROM "flyway_schema_history" WHERE "success" AND "version" IS NOT NULL""").query(String.class).list();
        assertThat(applied).contains("1", "2", "3", "4", "5");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE NOT \"success\"")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void timestampsRoundTripAsUtcInstants() {
        Instant instant = Instant.parse("2026-11-24T16:52:27.123456Z");
        jdbc.sql("INSERT INTO organisations (name, created_at) VALUES (:name, :at)")
                .param("name", "Clock Test " + System.nanoTime())
                .param("at", UtcTimestamps.toSql(instant))
                .update();
        Instant stored = jdbc.sql("SELECT created_at FROM organisations WHERE created_at = :at")
                .param("at", UtcTimestamps.toSql(instant))
                .query((rs, n) -> UtcTimestamps.read(rs, "created_at"))
                .single();
        assertThat(stored).isEqualTo(instant);
    }
}
