package com.patchdesk.server.jobs;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    @Bean
    JobQueue jobQueue(JobStore store, JobSignal signal, JobsProperties settings, ObjectProvider<Clock> clock) {
        return new JobQueue(store, signal, clock.getIfAvailable(Clock::systemUTC), settings.maxAttempts());
    }

    @Bean
    JobWorkers jobWorkers(JobStore store, List<JobHandler> handlers, JobsProperties settings, JobSignal signal,
                          ObjectProvider<Clock> clock) {
        return new JobWorkers(store, handlers, settings, signal, clock.getIfAvailable(Clock::systemUTC));
    }
}
