package com.patchdesk.server.jobs;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the queue. Jobs run on the system clock, not the application's {@link Clock} bean: leases, heartbeats and
 * back-off are about real time passing between processes, which a test clock standing still must not suspend.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobsProperties.class)
class JobsConfiguration {

    @Bean
    JobStore jobStore(DataSource dataSource) {
        return new JobStore(dataSource);
    }

    @Bean
    JobSignal jobSignal() {
        return new JobSignal();
    }

    /** The workers are looked up when a job is enqueued: their handlers need the queue, so they come after it. */
    @Bean
    JobQueue jobQueue(JobStore store, JobSignal signal, JobsProperties settings, ObjectProvider<JobWorkers> workers) {
        return new JobQueue(
                store,
                signal,
                Clock.systemUTC(),
                settings.maxAttempts(),
                () -> Optional.ofNullable(workers.getIfAvailable())
                        .filter(JobWorkers::isRunning)
                        .map(JobWorkers::workerId));
    }

    @Bean
    JobWorkers jobWorkers(JobStore store, List<JobHandler> handlers, JobsProperties settings, JobSignal signal) {
        return new JobWorkers(store, handlers, settings, signal, Clock.systemUTC());
    }
}
