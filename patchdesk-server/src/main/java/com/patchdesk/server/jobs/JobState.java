package com.patchdesk.server.jobs;

import java.time.Instant;

/** What is known about a job, for status pages and tests. */
public record JobState(long id, String type, JobStatus status, int attempts, int maxAttempts, Instant runAfter,
                       String lockedBy, String lastError, Instant createdAt, Instant finishedAt) {
}
