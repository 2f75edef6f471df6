package com.patchdesk.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:boot;DB_CLOSE_DELAY=-1")
class PatchdeskApplicationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void migrationsRunOnStart() {
        assertThat(jdbc.queryForObject(
                        "select count(*) from \"flyway_schema_history\" where \"success\"", Integer.class))
                .isGreaterThanOrEqualTo(1);
    }
}
