package com.patchdesk.server.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Where features enqueue background work. Jobs are rows, so they survive restarts and are shared by nodes. */
public class JobQueue {

    private final JobStore store;
    private final JobSignal signal;
    private final Clock clock;
    private final int defaultMaxAttempts;

    JobQueue(JobStore store, JobSignal signal, Clock clock, int defaultMaxAttempts) {
        this.store = store;
        this.signal = signal;
        this.clock = clock;
        this.defaultMaxAttempts = defaultMaxAttempts;
    }

    public long enqueue(String type, String payload) {
        return enqueue(type, payload, defaultMaxAttempts, Duration.ZERO);
    }

    public long enqueue(String type, String payload, int maxAttempts, Duration delay) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        var now = clock.instant();
        long id = store.insert(type, payload, maxAttempts, now.plus(delay), now);
        signal.wake();
        return id;
    }

    public Optional<JobState> find(long id) {
        return store.find(id);
    }
}
