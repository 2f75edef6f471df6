package com.patchdesk.server.cases;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Migration 41: trigram GIN indexes ({@code pg_trgm}) on the texts {@link CaseSearch} searches, on PostgreSQL,
 * with Han characters doubled ({@link SearchText}) so that two-character Chinese words are indexed too.
 * <p>
 * A Java migration because the extension may not be creatable: {@code pg_trgm} is a trusted extension, so any
 * role with CREATE on the database may create it, but a locked-down database may refuse. Then the migration logs a
 * warning and succeeds without the indexes; search works the same, only by scanning. On H2 there is nothing to do
 * (plain LIKE). Run the migration again by hand after {@code CREATE EXTENSION pg_trgm} to get the indexes:
 * {@code DELETE FROM flyway_schema_history WHERE version = '41'} and restart.
 * <p>
 * The extension goes into {@code public} when that schema exists, so that every schema of the database (tests use
 * one per application context) shares one copy that dropping a schema does not take away.
 */
@Component
class SearchIndexes implements JavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexes.class);

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("41");
    }

    @Override
    public String getDescription() {
        return "search trigram indexes";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
            return;
        }
        Optional<String> schema = trigramSchema(connection);
        if (schema.isEmpty()) {
            return;
        }
        String ops = quote(schema.get()) + ".gin_trgm_ops";
        try (Statement sql = connection.createStatement()) {
            // The very expressions CaseSearch searches, or the planner would not use the indexes.
            sql.execute("CREATE INDEX cases_search_trgm ON cases USING gin (("
                    + SearchText.HAN_DOUBLED.sql(CaseSearch.CASE_TEXT.formatted("")) + ") " + ops + ")");
            sql.execute("CREATE INDEX case_entries_search_trgm ON case_entries USING gin (("
                    + SearchText.HAN_DOUBLED.sql(CaseSearch.ENTRY_TEXT.formatted("")) + ") " + ops + ")");
        }
    }

    /** The schema pg_trgm is installed in, installing it if allowed; empty when it cannot be had. */
    private Optional<String> trigramSchema(Connection connection) throws SQLException {
        Optional<String> installed = installedSchema(connection);
        if (installed.isPresent()) {
            return installed;
        }
        Savepoint before = connection.setSavepoint();
        try (Statement sql = connection.createStatement()) {
            sql.execute(
                    hasPublicSchema(connection)
                            ? "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"
                            : "CREATE EXTENSION IF NOT EXISTS pg_trgm");
            connection.releaseSavepoint(before);
        } catch (SQLException e) {
            // The failed statement spoils the transaction unless rolled back to before it.
            connection.rollback(before);
            LOG.warn(
                    "Full-text search runs without trigram indexes: the PostgreSQL extension pg_trgm could not be"
                            + " created ({} {}). Search still works, by scanning. To index it, run CREATE EXTENSION pg_trgm"
                            + " as a role allowed to, delete version 41 from flyway_schema_history and restart.",
                    e.getSQLState(),
                    e.getMessage());
            return Optional.empty();
        }
        return installedSchema(connection);
    }

    private static Optional<String> installedSchema(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("SELECT n.nspname FROM pg_extension x JOIN pg_namespace n"
                        + " ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm'")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static boolean hasPublicSchema(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = 'public'")) {
            return rs.next();
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
