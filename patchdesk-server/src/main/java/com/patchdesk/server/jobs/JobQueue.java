package com.patchdesk.server.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Where features enqueue background work. Jobs are rows, so they survive restarts and are shared by nodes. */
public class JobQueue {

    private final JobStore store;
    private final JobSignal signal;
    private final Clock clock;
    private final int defaultMaxAttempts;
    /** This server's workers' id while they run; empty when this server runs no jobs. */
    private final Supplier<Optional<String>> here;

    JobQueue(JobStore store, JobSignal signal, Clock clock, int defaultMaxAttempts) {
        this(store, signal, clock, defaultMaxAttempts, Optional::empty);
    }

    JobQueue(JobStore store, JobSignal signal, Clock clock, int defaultMaxAttempts, Supplier<Optional<String>> here) {
        this.store = store;
        this.signal = signal;
        this.clock = clock;
        this.defaultMaxAttempts = defaultMaxAttempts;
        this.here = here;
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
        wakeWhenVisible();
        return id;
    }

    /**
     * As {@link #enqueue(String, String)}, for work this server has a head start on (an analysis child that followed
     * the upload as it arrived): only this server's workers may claim the job for {@code grace}; after that any
     * server's may, so a server that died or whose workers stay busy holds nothing up for longer. A plain job when this
     * server runs no workers.
     */
    public long enqueueHere(String type, String payload, Duration grace) {
        var now = clock.instant();
        Optional<String> worker = here.get();
        long id = store.insert(
                type,
                payload,
                defaultMaxAttempts,
                now,
                now,
                worker.orElse(null),
                worker.isPresent() ? now.plus(grace) : null);
        wakeWhenVisible();
        return id;
    }

    /**
     * Wakes the idle workers once the job can be claimed: inside a transaction (a diagnosis requested with its row)
     * only after the commit. Woken before it, a worker finds nothing yet and sleeps a whole poll interval (2 s),
     * which every upload's diagnosis waited for when it lost that race.
     */
    private void wakeWhenVisible() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.wake();
                }
            });
        } else {
            signal.wake();
        }
    }

    public Optional<JobState> find(long id) {
        return store.find(id);
    }
}
