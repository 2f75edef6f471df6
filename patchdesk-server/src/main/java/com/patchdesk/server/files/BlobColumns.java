package com.patchdesk.server.files;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The columns of the database that name blobs, found in the schema itself each time they are asked for: every column
 * whose name ends in {@code blob_key} ({@code case_files.blob_key}, the repair library's {@code blob_key} and
 * {@code manifest_blob_key}). Found rather than listed so that a table a later migration adds, in any module, keeps
 * its blobs from the orphan sweep without anyone remembering the sweep; the name is the convention that does it.
 */
@Component
class BlobColumns {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final DataSource dataSource;
    private final JdbcClient jdbc;

    BlobColumns(DataSource dataSource, JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** A column naming blobs. */
    record Column(String table, String name) {}

    /** The blob columns of the tables in the connection's schema. */
    List<Column> all() {
        try (Connection connection = dataSource.getConnection()) {
            String schema = connection.getSchema();
            DatabaseMetaData meta = connection.getMetaData();
            List<Column> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(connection.getCatalog(), schema, "%", "%")) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME");
                    String column = rs.getString("COLUMN_NAME");
                    // The schema argument is a LIKE pattern: "_" in a schema name matches other schemas too.
                    if (schema != null && !schema.equals(rs.getString("TABLE_SCHEM"))) {
                        continue;
                    }
                    if (column.toLowerCase(Locale.ROOT).endsWith("blob_key")
                            && IDENTIFIER.matcher(table).matches()
                            && IDENTIFIER.matcher(column).matches()) {
                        columns.add(new Column(table, column));
                    }
                }
            }
            return columns;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read which tables name blobs", e);
        }
    }

    /** Which of {@code keys} a row of any of {@code columns} names. */
    Set<String> named(List<Column> columns, Collection<String> keys) {
        Set<String> named = new HashSet<>();
        if (keys.isEmpty()) {
            return named;
        }
        for (Column column : columns) {
            // Names from the schema and checked as identifiers above; the keys are parameters.
            named.addAll(jdbc.sql("SELECT DISTINCT %s FROM %s WHERE %s IN (:keys)"
                            .formatted(column.name(), column.table(), column.name()))
                    .param("keys", List.copyOf(keys))
                    .query(String.class)
                    .list());
        }
        return named;
    }
}
