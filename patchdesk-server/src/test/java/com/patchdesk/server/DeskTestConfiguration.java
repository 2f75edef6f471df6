package com.patchdesk.server;

import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.accounts.UserAccounts;
import com.patchdesk.server.cases.CaseDesk;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/** Beans every {@link DeskTest} gets: the controllable clock, fixtures and an HTTP client for the API. */
@TestConfiguration(proxyBeanMethods = false)
class DeskTestConfiguration {

    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock(Instant.parse(DeskTest.START));
    }

    @Bean
    DeskFixtures deskFixtures(Organisations organisations, UserAccounts accounts, CaseDesk desk) {
        return new DeskFixtures(organisations, accounts, desk);
    }

    @Bean
    @Lazy
    ApiClient apiClient(Environment environment) {
        // The port is only known once the server runs, hence lazy and read from the environment.
        return new ApiClient(() -> environment.getRequiredProperty("local.server.port", Integer.class));
    }
}
