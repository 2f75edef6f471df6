package com.patchdesk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The embedded database as configured in application.yml keeps every commit it acknowledged when the server dies
 * right after: a child JVM commits rows one by one and halts at once, the way a killed or crashed server stops.
 * (With H2's default write delay of 500 ms all of them were gone.)
 */
@Tag("slow")
class H2DurabilityTest {

    @TempDir
    Path data;

    /** The child: commits {@code args[1]} rows, each acknowledged, then stops without closing anything. */
    public static void main(String[] args) throws Exception {
        Connection connection = DriverManager.getConnection(args[0], "sa", "");
        connection.createStatement().execute("CREATE TABLE acknowledged (id INT PRIMARY KEY)");
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
            connection.createStatement().execute("INSERT INTO acknowledged VALUES (" + i + ")");
        }
        System.out.println("committed");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    @Test
    void everyAcknowledgedCommitSurvivesTheServerDyingRightAfter() throws Exception {
        String url = configuredUrl();
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        H2DurabilityTest.class.getName(),
                        url,
                        "40")
                .redirectErrorStream(true)
                .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("committed");

        try (Connection reopened = DriverManager.getConnection(url, "sa", "");
                ResultSet count = reopened.createStatement().executeQuery("SELECT COUNT(*) FROM acknowledged")) {
            count.next();
            assertThat(count.getInt(1)).isEqualTo(40);
        }
    }

    /** {@code spring.datasource.url} of application.yml with the data folder in this test's temporary folder. */
    private String configuredUrl() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("application", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("patchdesk.data-dir", data.toString())));
        String url = environment.getProperty("spring.datasource.url");
        assertThat(url).startsWith("jdbc:h2:file:" + data);
        return url;
    }
}
