package com.patchdesk.server.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A database created by an earlier release starts on this one. Migrations written on branches in parallel can land
 * with a version below one already applied (V7 and V22 landed after V40 had been released), so the server applies
 * missing lower versions instead of refusing to start ({@code spring.flyway.out-of-order}).
 */
@Tag("db")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.username=sa",
            "spring.datasource.password=",
            "patchdesk.admin.email=" + DeskFixtures.BOOTSTRAP_ADMIN,
            "patchdesk.admin.password=" + DeskFixtures.PASSWORD,
            "patchdesk.data-dir=target/test-data"
        })
class DatabaseFromAnEarlierReleaseTest {

    /**
     * A database file, closed between the two releases as an upgrade does (an in-memory database kept open across
     * both would keep check constraints compiled in the first release's closed session).
     */
    private static final String URL =
            "jdbc:h2:file:./target/test-data/earlier-release-" + UUID.randomUUID() + "/patchdesk";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", () -> URL);
    }

    /** Migrations that were not part of the earlier release although their versions are lower than its newest. */
    private static final Set<String> LANDED_LATER = Set.of(
            "V7__organisation_mail_authentication.sql",
            "V22__held_mail.sql",
            "V133__held_staff_mail.sql",
            "V134__mail_automated.sql");

    @BeforeAll
    static void databaseOfTheEarlierRelease(@TempDir Path earlier) throws IOException {
        for (Resource migration :
                new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/*.sql")) {
            if (!LANDED_LATER.contains(migration.getFilename())) {
                try (InputStream in = migration.getInputStream()) {
                    Files.copy(in, earlier.resolve(migration.getFilename()));
                }
            }
        }
        Flyway.configure()
                .dataSource(URL, "sa", "")
                .locations("filesystem:" + earlier)
                .load()
                .migrate();
    }

    @Test
    void theServerStartsAndAppliesTheMigrationsThatLandedBelowItsNewestVersion() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "sa", "");
                Statement sql = c.createStatement();
                ResultSet rs = sql.executeQuery(
                        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" ORDER BY \"installed_rank\"")) {
            List<String> applied = new ArrayList<>();
            while (rs.next()) {
                applied.add(rs.getString(1));
            }
            assertThat(applied).contains("7", "22", "40", "41");
            assertThat(applied.indexOf("7")).isGreaterThan(applied.indexOf("40"));
        }
        try (Connection c = DriverManager.getConnection(URL, "sa", "");
                ResultSet held = c.getMetaData().getTables(null, null, "HELD_MAIL", null)) {
            assertThat(held.next()).as("the held-mail table of V22").isTrue();
        }
    }
}
