package com.patchdesk.server.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code patchdesk.jobs.*}. A lease is how long a claimed job stays with its worker without a heartbeat; a worker
 * killed with {@code kill -9} therefore delays its job by at most one lease.
 *
 * @param enabled       run workers in this process (false leaves the queue to other nodes)
 * @param workers       worker threads, each running one job at a time
 * @param lease         lease on a claimed job, renewed every {@code heartbeat}
 * @param heartbeat     how often running jobs renew their lease; well under {@code lease}
 * @param pollInterval  how often idle workers look for due jobs enqueued by other processes
 * @param retryBase     wait before the second attempt; doubles with each further attempt
 * @param retryMax      longest wait between attempts
 * @param maxAttempts   attempts of a job enqueued without its own limit
 * @param shutdownGrace how long an orderly stop lets running jobs finish before handing them back to the queue
 */
@ConfigurationProperties("patchdesk.jobs")
public record JobsProperties(
        Boolean enabled,
        Integer workers,
        Duration lease,
        Duration heartbeat,
        Duration pollInterval,
        Duration retryBase,
        Duration retryMax,
        Integer maxAttempts,
        Duration shutdownGrace) {

    public JobsProperties {
        enabled = enabled == null || enabled;
        workers = workers == null ? 2 : workers;
        lease = lease == null ? Duration.ofMinutes(1) : lease;
        heartbeat = heartbeat == null ? lease.dividedBy(4) : heartbeat;
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        retryBase = retryBase == null ? Duration.ofSeconds(15) : retryBase;
        retryMax = retryMax == null ? Duration.ofHours(1) : retryMax;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(10) : shutdownGrace;
        if (workers < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("patchdesk.jobs.workers and max-attempts must be at least 1");
        }
        if (heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("patchdesk.jobs.heartbeat must be shorter than the lease");
        }
    }

    /** Wait before attempt {@code attempt + 1}: retryBase, 2x, 4x, ... capped at retryMax. */
    Duration backoffAfter(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        Duration wait = retryBase.multipliedBy(1L << doublings);
        return wait.compareTo(retryMax) > 0 ? retryMax : wait;
    }
}
