package com.patchdesk.server.cases;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Migration 111: the doubled search text ({@link SearchText#HAN_DOUBLED}) as a stored generated column
 * {@code search_text} on {@code cases} and {@code case_entries}, and the trigram indexes of migration 41
 * ({@link SearchIndexes}, same names) on that column instead of on the expression.
 * <p>
 * Why: with the expression, every row the index found was checked again by running the regular expression on it,
 * and where the planner misjudged how many rows a word matches (a common word over cases) it scanned the table
 * running it on every row: 630 ms for one search over 10,000 cases under the load test, 10 ms on the column. The
 * column costs the doubled text's space once more per row, written once when the row is.
 * <p>
 * Only where migration 41 made its indexes (PostgreSQL with pg_trgm); elsewhere nothing changes and search scans
 * the plain text as before.
 */
@Component
class StoredSearchText implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("111");
    }

    @Override
    public String getDescription() {
        return "search text stored";
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
        if (!connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")
                || !hasIndex(connection, "case_entries_search_trgm")) {
            return;
        }
        String ops = "\"" + trigramSchema(connection).replace("\"", "\"\"") + "\".gin_trgm_ops";
        try (Statement sql = connection.createStatement()) {
            store(
                    sql,
                    "cases",
                    "cases_search_trgm",
                    SearchText.HAN_DOUBLED.sql(CaseSearch.CASE_TEXT.formatted("")),
                    ops);
            store(
                    sql,
                    "case_entries",
                    "case_entries_search_trgm",
                    SearchText.HAN_DOUBLED.sql(CaseSearch.ENTRY_TEXT.formatted("")),
                    ops);
        }
    }

    private static void store(Statement sql, String table, String index, String expression, String ops)
            throws SQLException {
        sql.execute("ALTER TABLE " + table + " ADD COLUMN " + SearchText.COLUMN + " TEXT GENERATED ALWAYS AS ("
                + expression + ") STORED");
        sql.execute("DROP INDEX " + index);
        sql.execute("CREATE INDEX " + index + " ON " + table + " USING gin (" + SearchText.COLUMN + " " + ops + ")");
    }

    private static boolean hasIndex(Connection connection, String name) throws SQLException {
        try (var query = connection.prepareStatement(
                "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String trigramSchema(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("SELECT n.nspname FROM pg_extension x JOIN pg_namespace n"
                        + " ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm'")) {
            if (!rs.next()) {
                throw new SQLException("the trigram indexes of migration 41 exist, but pg_trgm does not");
            }
            return rs.getString(1);
        }
    }
}
