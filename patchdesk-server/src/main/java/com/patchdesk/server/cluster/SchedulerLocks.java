package com.patchdesk.server.cluster;

import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several {@code patchdesk serve} instances share one database: a scheduled sweep annotated with
 * {@code @SchedulerLock} runs on one instance at a time (ShedLock, a row per sweep in {@code shedlock}, V101). The
 * lock's times are the database's, so instances whose clocks differ still agree. A lock outlives a killed instance
 * only until its {@code lockAtMostFor}. Jobs need no such lock: the queue's claim already gives each job to one worker
 * ({@code jobs.JobStore}).
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
class SchedulerLocks {

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build());
    }
}
