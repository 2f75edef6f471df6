package com.patchdesk.server.jobs;

import com.patchdesk.server.DeskDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/**
 * A migrated database for the job tests, without Spring: H2 (in memory, or a file that a second JVM can open
 * through H2's auto-server mode) or PostgreSQL on 127.0.0.1:5432 in a fresh schema that is dropped on close.
 * PostgreSQL tests are skipped when the server is not reachable.
 */
record JobDatabase(String kind, String url, String user, String schema, HikariDataSource dataSource)
        implements AutoCloseable {

    /** The PostgreSQL of {@link DeskDatabase}, the tests' one harness. */
    static final String POSTGRES_URL = DeskDatabase.POSTGRES_URL;

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
        String schema = DeskDatabase.createPostgresSchema("t_jobs_");
        return migrated("postgres", POSTGRES_URL + "?currentSchema=" + schema, DeskDatabase.POSTGRES_USER, schema);
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
            DeskDatabase.dropPostgresSchema(schema);
        }
    }
}
