package com.patchdesk.server.jobs;

import com.patchdesk.server.DeskDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

/**
 * A migrated database for the job tests, without Spring: H2 (in memory, or a file that a second JVM can open
 * through H2's auto-server mode) or PostgreSQL on 127.0.0.1:5432 in a fresh schema that is dropped on close.
 * PostgreSQL tests are skipped when the server is not reachable.
 */
record JobDatabase(String kind, String url, String user, String schema, HikariDataSource dataSource)
        implements AutoCloseable {

    static final String POSTGRES_URL = System.getProperty("patchdesk.test.postgres-url",
            "jdbc:postgresql://127.0.0.1:5432/test");

    static JobDatabase open(String kind, Path folder) {
        return switch (kind) {
            case "h2" -> h2File(folder);
            case "postgres" -> postgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** An H2 file database; {@code AUTO_SERVER} lets another process open it while this one has it open. */
    static JobDatabase h2File(Path folder) {
        String url = "jdbc:h2:file:" + folder.resolve("jobs").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        return migrated("h2", url, "sa", null);
    }

    static JobDatabase postgres() {
        String schema = "t_jobs_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if (DeskDatabase.postgresRequired()) {
                throw new IllegalStateException("PostgreSQL is required (PATCHDESK_REQUIRE_POSTGRES) but not reachable at "
                        + POSTGRES_URL + ": " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL is not reachable at " + POSTGRES_URL + ": " + e.getMessage());
        }
        return migrated("postgres", POSTGRES_URL + "?currentSchema=" + schema, "postgres", schema);
    }

    private static JobDatabase migrated(String kind, String url, String user, String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword("");
        config.setMaximumPoolSize(12);
        HikariDataSource dataSource = new HikariDataSource(config);
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (schema != null) {
            flyway.schemas(schema);
        }
        flyway.load().migrate();
        return new JobDatabase(kind, url, user, schema, dataSource);
    }

    /** The same database, opened again (a restarted server). */
    JobDatabase reopen() {
        dataSource.close();
        return migrated(kind, url, user, schema);
    }

    @Override
    public void close() {
        dataSource.close();
        if (schema != null) {
            try (Connection connection = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
