package com.patchdesk.server.jobs;

import java.time.Instant;

/**
 * What is known about a job, for status pages and tests.
 *
 * @param finishedBy the worker ({@code pid@host/random}, one per server instance) that ran its last attempt; kept
 *                   after the job ends, unlike {@code lockedBy}
 */
public record JobState(
        long id,
        String type,
        JobStatus status,
        int attempts,
        int maxAttempts,
        Instant runAfter,
        String lockedBy,
        String lastError,
        Instant createdAt,
        Instant finishedAt,
        String finishedBy) {}
