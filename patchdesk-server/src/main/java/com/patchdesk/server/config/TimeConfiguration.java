package com.patchdesk.server.config;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every time-dependent decision (SLA clocks, link expiry, audit) reads this clock so tests can move time. Also
 * registers the shared {@link DataFolder} settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DataFolder.class)
class TimeConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
