package com.patchdesk.server.jobs;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A pool of worker threads that claim due jobs, run them under a renewed lease and record how they ended.
 *
 * <p>Each job runs on a separate execution thread so that the worker can stop waiting for it at the handler's
 * timeout: the job is then interrupted and abandoned (a handler that ignores interruption keeps its thread until it
 * returns, but its result is no longer recorded because the job row has moved on).
 */
final class JobWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final JobStore store;
    private final Map<String, JobHandler> handlers;
    private final JobsProperties settings;
    private final JobSignal signal;
    private final Clock clock;
    private final String workerId;
    // Attempts, not job ids: after a lost lease this process may run a job's next attempt while the old one is still
    // finishing, and the old one's end must neither stop the new one's heartbeats nor record its result.
    private final Set<Job> inFlight = ConcurrentHashMap.newKeySet();

    private volatile boolean running;
    private List<Thread> threads = List.of();
    private ScheduledExecutorService heartbeats;
    private ExecutorService execution;

    JobWorkers(JobStore store, List<JobHandler> handlers, JobsProperties settings, JobSignal signal, Clock clock) {
        this.store = store;
        this.handlers = new ConcurrentHashMap<>();
        for (JobHandler handler : handlers) {
            if (this.handlers.putIfAbsent(handler.type(), handler) != null) {
                throw new IllegalStateException("two job handlers for type " + handler.type());
            }
        }
        this.settings = settings;
        this.signal = signal;
        this.clock = clock;
        this.workerId = "%d@%s/%s"
                .formatted(
                        ProcessHandle.current().pid(),
                        hostName(),
                        HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    }

    String workerId() {
        return workerId;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        AtomicInteger executionThreads = new AtomicInteger();
        execution = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "job-run-" + executionThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "job-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.heartbeat().toMillis();
        heartbeats.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        List<Thread> started = new ArrayList<>();
        for (int i = 1; i <= settings.workers(); i++) {
            Thread thread = new Thread(this::work, "job-worker-" + i);
            thread.setDaemon(true);
            thread.start();
            started.add(thread);
        }
        threads = List.copyOf(started);
        log.info(
                "job workers started: {} threads as {}, claiming with {}",
                settings.workers(),
                workerId,
                store.usesSkipLocked() ? "FOR UPDATE SKIP LOCKED" : "compare-and-set");
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        signal.wake();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        for (Thread thread : threads) {
            joinUntil(thread, deadline);
        }
        // Whatever is still running after the grace period is interrupted and handed back to the queue.
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            joinUntil(thread, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        }
        heartbeats.shutdownNow();
        execution.shutdownNow();
        threads = List.of();
    }

    @Override
    public boolean isAutoStartup() {
        return settings.enabled();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void work() {
        while (running) {
            try {
                store.failAbandoned(clock.instant());
                Optional<Job> job = store.claim(handlers.keySet(), workerId, clock.instant(), settings.lease());
                if (job.isPresent()) {
                    run(job.get());
                } else {
                    signal.await(settings.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database is unreachable or similar: keep the worker alive and try again after a pause.
                log.warn(
                        "job worker {} could not poll: {}",
                        Thread.currentThread().getName(),
                        e.toString());
                try {
                    signal.await(settings.pollInterval());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void run(Job job) throws InterruptedException {
        JobHandler handler = handlers.get(job.type());
        inFlight.add(job);
        Future<?> result = execution.submit(() -> {
            handler.handle(job);
            return null;
        });
        try {
            result.get(handler.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!store.markDone(job, workerId, clock.instant())) {
                log.warn(
                        "job {} attempt {} finished after its lease was lost; its result was not recorded",
                        job.id(),
                        job.attempt());
            }
        } catch (ExecutionException e) {
            failed(job, e.getCause());
        } catch (TimeoutException e) {
            result.cancel(true);
            failed(job, new TimeoutException("timed out after " + handler.timeout()));
        } catch (InterruptedException e) {
            result.cancel(true);
            store.release(job, workerId);
            throw e;
        } finally {
            inFlight.remove(job);
        }
    }

    private void failed(Job job, Throwable cause) {
        String reason = describe(cause);
        boolean permanent = cause instanceof PermanentJobFailure;
        if (!permanent && job.attempt() < job.maxAttempts()) {
            var retryAt = clock.instant().plus(settings.backoffAfter(job.attempt()));
            if (!store.retryLater(job, workerId, reason, retryAt)) {
                log.warn("job {} attempt {} failed after its lease was lost: {}", job.id(), job.attempt(), reason);
                return;
            }
            log.info(
                    "job {} ({}) attempt {}/{} failed, retrying at {}: {}",
                    job.id(),
                    job.type(),
                    job.attempt(),
                    job.maxAttempts(),
                    retryAt,
                    reason);
        } else {
            if (store.markFailed(job, workerId, reason, clock.instant())) {
                log.warn("job {} ({}) failed: {}", job.id(), job.type(), reason);
            } else {
                log.warn("job {} attempt {} failed after its lease was lost: {}", job.id(), job.attempt(), reason);
            }
        }
    }

    private void renewLeases() {
        for (Job job : inFlight) {
            try {
                if (!store.heartbeat(job, workerId, clock.instant().plus(settings.lease()))) {
                    log.warn("job {} attempt {} is no longer held by {}", job.id(), job.attempt(), workerId);
                }
            } catch (RuntimeException e) {
                log.warn("could not renew the lease of job {}: {}", job.id(), e.toString());
            }
        }
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        String text = cause instanceof PermanentJobFailure || cause instanceof TimeoutException
                ? message
                : cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }

    private static void joinUntil(Thread thread, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
