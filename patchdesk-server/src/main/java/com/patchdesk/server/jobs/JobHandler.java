package com.patchdesk.server.jobs;

import java.time.Duration;

/**
 * Runs the jobs of one type. Implementations are Spring beans; the worker pool finds them by {@link #type()}.
 *
 * <p>A handler may run more than once for the same job (a worker that died after finishing the work but before
 * recording it), so it must be idempotent. Throwing retries the job with back-off until its attempts are used up;
 * throw {@link PermanentJobFailure} when retrying cannot help.
 */
public interface JobHandler {

    String type();

    void handle(Job job) throws Exception;

    /** Longer than this and the job is interrupted, abandoned and counted as a failed attempt. */
    default Duration timeout() {
        return Duration.ofMinutes(15);
    }
}
