package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.patchdesk.server.DeskDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A database whose owner lets the application create tables but not extensions: migration 41 warns, leaves the
 * indexes out and the migrations go on. Runs in the PostgreSQL pass, in a database and role of its own (pg_trgm is
 * already installed in the shared test database, so the refusal can only be seen in a fresh one).
 */
@Tag("db")
class SearchIndexesWithoutExtensionTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    @Test
    void withoutTheRightToCreatePgTrgmTheMigrationWarnsAndCarriesOn() throws SQLException {
        assumeTrue(DeskDatabase.postgres());
        String name =
                "pd_noext_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Logger log = (Logger) LoggerFactory.getLogger(SearchIndexes.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        log.addAppender(warnings);
        try {
            admin("postgres", "CREATE ROLE " + name + " LOGIN", "CREATE DATABASE " + name);
            // The role may create tables in its schema, but holds no CREATE on the database: no extensions.
            admin(name, "CREATE SCHEMA app AUTHORIZATION " + name);

            Flyway.configure()
                    .dataSource(SERVER + name, name, "")
                    .schemas("app")
                    .defaultSchema("app")
                    .createSchemas(false)
                    .javaMigrations(new SearchIndexes())
                    .load()
                    .migrate();

            try (Connection c = DriverManager.getConnection(SERVER + name, name, "");
                    Statement sql = c.createStatement()) {
                assertThat(one(sql, "SELECT COUNT(*) FROM app.flyway_schema_history WHERE version = '41' AND success"))
                        .isEqualTo(1);
                assertThat(one(sql, "SELECT COUNT(*) FROM pg_extension WHERE extname = 'pg_trgm'"))
                        .isZero();
                assertThat(one(
                                sql,
                                "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = 'app' AND indexname LIKE '%trgm'"))
                        .isZero();
                // Search needs nothing of the extension: the same LIKE runs, by scanning.
                assertThat(one(
                                sql,
                                "SELECT COUNT(*) FROM app.case_entries WHERE "
                                        + SearchText.HAN_DOUBLED.sql(CaseSearch.ENTRY_TEXT.formatted(""))
                                        + " LIKE '%补补丁丁%'"))
                        .isZero();
            }
            assertThat(warnings.list)
                    .singleElement()
                    .satisfies(w -> assertThat(w.getFormattedMessage())
                            .contains("without trigram indexes", "pg_trgm", "42501"));
        } finally {
            log.detachAppender(warnings);
            admin("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "DROP ROLE IF EXISTS " + name);
        }
    }

    private static void admin(String database, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
                Statement sql = c.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    private static long one(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
