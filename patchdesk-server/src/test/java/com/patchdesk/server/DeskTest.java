package com.patchdesk.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * Boots the whole server on a random port against its own fresh database, for tests of behaviour that needs the
 * real database, security and HTTP stack.
 *
 * <pre>{@code
 * @DeskTest
 * class SomethingTest {
 *     @Autowired DeskFixtures fixtures;   // organisations, users, cases
 *     @Autowired MutableClock clock;      // the server's Clock; reset to DeskTest.START before each test
 *     @Autowired ApiClient api;           // HTTP against the running server, api.as(user).get("/api/...")
 * }
 * }</pre>
 *
 * <p>Database: H2 in memory by default. Run with {@code -Dpatchdesk.test.db=postgres} (the {@code postgres}
 * surefire execution does this during {@code mvn verify}) to run the same tests against PostgreSQL on
 * 127.0.0.1:5432, database {@code test}, each application context in a fresh schema {@code t_<random>} that is
 * dropped when the context closes; when PostgreSQL is not reachable those tests are skipped, not failed.
 *
 * <p>Test classes with the same configuration share one application context (and database), so every test
 * creates its own organisations and users through {@link DeskFixtures} (names are made unique) and never assumes
 * an empty table.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("db")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "patchdesk.admin.email=" + DeskFixtures.BOOTSTRAP_ADMIN,
            "patchdesk.admin.password=" + DeskFixtures.PASSWORD,
            // Blobs and scratch files stay in the build folder, never in the module's working copy.
            "patchdesk.data-dir=target/test-data"
        })
@ContextConfiguration(initializers = DeskDatabase.class)
@Import(DeskTestConfiguration.class)
@ExtendWith({DeskDatabase.SkipWhenUnreachable.class, MutableClock.ResetBeforeEach.class})
public @interface DeskTest {

    /** Where the {@link MutableClock} stands at the start of every test. */
    String START = "2026-03-02T01:00:00Z";
}
