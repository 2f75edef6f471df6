package com.patchdesk.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * The tests' one PostgreSQL harness. Gives each application context of a {@link DeskTest} its own empty database: an
 * H2 in-memory database, or with {@code -Dpatchdesk.test.db=postgres} a fresh schema in the local PostgreSQL; and
 * gives tests without Spring (the job queue's, the cluster IT) the same address, schemas and skip-or-fail policy
 * ({@link #createPostgresSchema}, {@link #dropPostgresSchema}).
 */
public final class DeskDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The local PostgreSQL ({@code -Dpatchdesk.test.postgres-url=…} for another one). */
    public static final String POSTGRES_URL =
            System.getProperty("patchdesk.test.postgres-url", "jdbc:postgresql://127.0.0.1:5432/test");

    public static final String POSTGRES_USER = "postgres";

    /**
     * True when PostgreSQL must answer: CI sets {@code PATCHDESK_REQUIRE_POSTGRES=true}, so that a run whose database
     * was down fails instead of passing with the PostgreSQL tests skipped. On a developer machine they are skipped.
     */
    public static boolean postgresRequired() {
        return Boolean.parseBoolean(System.getenv().getOrDefault("PATCHDESK_REQUIRE_POSTGRES", "false"));
    }

    /** True when this run targets PostgreSQL ({@code -Dpatchdesk.test.db=postgres}). */
    public static boolean postgres() {
        return "postgres".equalsIgnoreCase(System.getProperty("patchdesk.test.db", "h2"));
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Map<String, Object> properties;
        if (postgres()) {
            properties = Map.of(
                    "spring.datasource.url",
                    POSTGRES_URL + "?currentSchema=" + name,
                    "spring.datasource.username",
                    POSTGRES_USER,
                    "spring.datasource.password",
                    "",
                    "spring.flyway.schemas",
                    name,
                    "spring.flyway.default-schema",
                    name,
                    // Many application contexts stay cached during the pass, each with its own pool: small pools that
                    // let idle connections go keep the sum under PostgreSQL's max_connections (100 by default).
                    "spring.datasource.hikari.maximum-pool-size",
                    "4",
                    "spring.datasource.hikari.minimum-idle",
                    "0",
                    "spring.datasource.hikari.idle-timeout",
                    "10000");
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    dropSchema(name);
                }
            });
        } else {
            properties = Map.of(
                    "spring.datasource.url", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1",
                    "spring.datasource.username", "sa",
                    "spring.datasource.password", "");
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("deskDatabase", properties));
    }

    /**
     * A fresh schema named {@code prefix} + random hex in the local PostgreSQL. When PostgreSQL does not answer the
     * calling test is skipped, or fails when {@link #postgresRequired()}.
     */
    public static String createPostgresSchema(String prefix) {
        String schema = prefix
                + java.util.HexFormat.of()
                        .toHexDigits(
                                java.util.concurrent.ThreadLocalRandom.current().nextInt());
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if (postgresRequired()) {
                throw new IllegalStateException(
                        "PostgreSQL is required (PATCHDESK_REQUIRE_POSTGRES) but not reachable at " + POSTGRES_URL
                                + ": " + e.getMessage(),
                        e);
            }
            org.junit.jupiter.api.Assumptions.abort(
                    "PostgreSQL is not reachable at " + POSTGRES_URL + ": " + e.getMessage());
        }
        return schema;
    }

    /** Drops a schema made by {@link #createPostgresSchema} (or a {@link DeskTest}'s) with everything in it. */
    public static void dropPostgresSchema(String schema) {
        dropSchema(schema);
    }

    private static void dropSchema(String schema) {
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // A leftover schema only costs disk space in the throw-away test database.
            System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
        }
    }

    /** Skips database tests of a PostgreSQL run when no PostgreSQL answers, or fails them when it is required. */
    static final class SkipWhenUnreachable implements ExecutionCondition {

        private static volatile Boolean reachable;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!postgres()) {
                return ConditionEvaluationResult.enabled("H2");
            }
            if (reachable == null) {
                DriverManager.setLoginTimeout(3);
                try (Connection ignored = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
                    reachable = true;
                } catch (SQLException e) {
                    reachable = false;
                }
            }
            if (!reachable && postgresRequired()) {
                throw new IllegalStateException(
                        "PostgreSQL on 127.0.0.1:5432 is not reachable and "
                                + "PATCHDESK_REQUIRE_POSTGRES=true: start it (pg_ctlcluster ... main start) or unset the variable");
            }
            return reachable
                    ? ConditionEvaluationResult.enabled("PostgreSQL reachable")
                    : ConditionEvaluationResult.disabled("PostgreSQL on 127.0.0.1:5432 is not reachable");
        }
    }
}
