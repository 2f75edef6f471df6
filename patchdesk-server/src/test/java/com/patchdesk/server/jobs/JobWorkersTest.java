package com.patchdesk.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The queue against real databases: H2 (compare-and-set claims) and PostgreSQL (SKIP LOCKED claims). */
@Tag("slow")
class JobWorkersTest {

    private static final Duration LEASE = Duration.ofSeconds(2);

    @TempDir
    Path folder;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeAfter.size() - 1; i >= 0; i--) {
            closeAfter.get(i).close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twoConcurrentPoolsRunEveryJobExactlyOnce(String kind) {
        JobDatabase db = database(kind);
        assertThat(new JobStore(db.dataSource()).usesSkipLocked()).isEqualTo(kind.equals("postgres"));
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        JobHandler count = handler(
                "count",
                job -> runs.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet());
        JobQueue queue = queue(db);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(queue.enqueue("count", "{\"n\":" + i + "}"));
        }
        JobWorkers first = workers(db, settings(4, 3), count);
        JobWorkers second = workers(db, settings(4, 3), count);
        first.start();
        second.start();

        await().atMost(60, TimeUnit.SECONDS)
                .until(() ->
                        runs.size() == ids.size() && ids.stream().allMatch(id -> status(queue, id) == JobStatus.DONE));

        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(ids)
                .allSatisfy(id ->
                        assertThat(queue.find(id).orElseThrow().attempts()).isEqualTo(1));
        // Which pool ran each job is kept after it ends (locked_by is cleared): each ran its share.
        Map<String, Long> byWorker = ids.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        id -> String.valueOf(queue.find(id).orElseThrow().finishedBy()),
                        java.util.stream.Collectors.counting()));
        assertThat(byWorker.keySet()).containsExactlyInAnyOrder(first.workerId(), second.workerId());
        assertThat(byWorker.values()).allSatisfy(n -> assertThat(n).isPositive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aThrowingJobIsRetriedWithBackoffThenFailsWithItsReasonWhileOthersGoOn(String kind) {
        JobDatabase db = database(kind);
        List<Long> attemptsAt = new CopyOnWriteArrayList<>();
        JobHandler broken = handler("broken", job -> {
            attemptsAt.add(System.nanoTime());
            throw new IllegalStateException("CBS.log is missing from the bundle");
        });
        List<Long> fine = new CopyOnWriteArrayList<>();
        JobHandler ok = handler("ok", job -> fine.add(job.id()));
        JobQueue queue = queue(db);
        long brokenId = queue.enqueue("broken", "{}", 3, Duration.ZERO);
        long okId = queue.enqueue("ok", "{}");
        JobsProperties settings = new JobsProperties(
                true, 1, LEASE, null, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5), 3, null);
        workers(db, settings, broken, ok).start();

        await().atMost(20, TimeUnit.SECONDS).until(() -> status(queue, brokenId) == JobStatus.FAILED);

        JobState failed = queue.find(brokenId).orElseThrow();
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.lastError()).isEqualTo("IllegalStateException: CBS.log is missing from the bundle");
        assertThat(failed.finishedAt()).isNotNull();
        // back-off: 200 ms before the second attempt, 400 ms before the third
        assertThat(attemptsAt).hasSize(3);
        assertThat(Duration.ofNanos(attemptsAt.get(1) - attemptsAt.get(0)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(attemptsAt.get(2) - attemptsAt.get(1)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(fine).containsExactly(okId);
        assertThat(status(queue, okId)).isEqualTo(JobStatus.DONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aJobOverItsTimeoutIsAbandonedAndFailedAndTheNextJobRuns(String kind) {
        JobDatabase db = database(kind);
        AtomicInteger interrupted = new AtomicInteger();
        JobHandler slow = new JobHandler() {
            @Override
            public String type() {
                return "slow";
            }

            @Override
            public void handle(Job job) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            }

            @Override
            public Duration timeout() {
                return Duration.ofMillis(300);
            }
        };
        List<Long> fine = new CopyOnWriteArrayList<>();
        JobQueue queue = queue(db);
        long slowId = queue.enqueue("slow", "{}", 1, Duration.ZERO);
        long okId = queue.enqueue("ok", "{}");
        workers(db, settings(1, 3), slow, handler("ok", job -> fine.add(job.id())))
                .start();

        await().atMost(20, TimeUnit.SECONDS).until(() -> status(queue, okId) == JobStatus.DONE);

        JobState failed = queue.find(slowId).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.lastError()).isEqualTo("timed out after PT0.3S");
        assertThat(interrupted).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPermanentFailureIsNotRetried(String kind) {
        JobDatabase db = database(kind);
        AtomicInteger runs = new AtomicInteger();
        JobQueue queue = queue(db);
        long id = queue.enqueue("bad-bundle", "{}", 5, Duration.ZERO);
        workers(db, settings(1, 5), handler("bad-bundle", job -> {
                    runs.incrementAndGet();
                    throw new PermanentJobFailure("the upload is not a zip archive");
                }))
                .start();

        await().atMost(20, TimeUnit.SECONDS).until(() -> status(queue, id) == JobStatus.FAILED);

        assertThat(queue.find(id).orElseThrow().lastError()).isEqualTo("the upload is not a zip archive");
        assertThat(runs).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void queuedJobsSurviveARestart(String kind) {
        JobDatabase db = database(kind);
        JobQueue before = queue(db);
        long first = before.enqueue("ok", "{\"case\":\"CAS-12345-ABC123\"}");
        long second = before.enqueue("ok", "{\"说明\":\"日志包\"}");

        JobDatabase restarted = db.reopen();
        closeAfter.add(restarted);
        List<String> payloads = new CopyOnWriteArrayList<>();
        JobQueue after = queue(restarted);
        workers(restarted, settings(2, 3), handler("ok", job -> payloads.add(job.payload())))
                .start();

        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> status(after, first) == JobStatus.DONE && status(after, second) == JobStatus.DONE);
        assertThat(payloads).containsExactlyInAnyOrder("{\"case\":\"CAS-12345-ABC123\"}", "{\"说明\":\"日志包\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aJobWhoseWorkerJvmWasKilledIsClaimedAgainAfterItsLeaseAndCompleted(String kind) throws Exception {
        JobDatabase db = database(kind);
        JobQueue queue = queue(db);
        long id = queue.enqueue("hang", "{}");

        Process other = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HangingWorkerMain.class.getName(),
                        db.url(),
                        db.user(),
                        String.valueOf(LEASE.toMillis()))
                .redirectErrorStream(true)
                .start();
        closeAfter.add(other::destroyForcibly);
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("CLAIMED " + id)) {
                // the child's log lines before it claims the job
            }
            assertThat(line).as("the other JVM claims the job").isEqualTo("CLAIMED " + id);
        }
        JobState claimed = queue.find(id).orElseThrow();
        assertThat(claimed.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(claimed.lockedBy()).startsWith(other.pid() + "@");

        other.destroyForcibly().waitFor();
        List<Long> done = new CopyOnWriteArrayList<>();
        long killedAt = System.nanoTime();
        workers(db, settings(1, 3), handler("hang", job -> done.add(job.id()))).start();

        await().atMost(30, TimeUnit.SECONDS).until(() -> status(queue, id) == JobStatus.DONE);
        assertThat(done).containsExactly(id);
        assertThat(queue.find(id).orElseThrow().attempts()).isEqualTo(2);
        assertThat(queue.find(id).orElseThrow().finishedBy())
                .doesNotStartWith(other.pid() + "@")
                .startsWith(ProcessHandle.current().pid() + "@");
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(LEASE.plusSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anOrderlyStopHandsARunningJobBackWithoutCountingTheAttempt(String kind) {
        JobDatabase db = database(kind);
        JobQueue queue = queue(db);
        long id = queue.enqueue("hang", "{}");
        AtomicInteger started = new AtomicInteger();
        JobsProperties settings =
                new JobsProperties(true, 1, LEASE, null, Duration.ofMillis(20), null, null, 3, Duration.ofMillis(200));
        JobWorkers workers = workers(db, settings, handler("hang", job -> {
            started.incrementAndGet();
            Thread.sleep(60_000);
        }));
        workers.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> started.get() == 1);

        workers.stop();

        JobState state = queue.find(id).orElseThrow();
        assertThat(state.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(state.attempts()).isZero();
        assertThat(state.lockedBy()).isNull();
    }

    /**
     * A lease lost while an attempt still runs (the database was out for longer than the lease) lets this same
     * process claim the next attempt. The old attempt's end then records nothing and does not stop the new attempt's
     * heartbeats: before, it marked the job done under the new attempt and the new one's lease lapsed into a third.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anAttemptThatLostItsLeaseRecordsNothingAndLeavesTheNextAttemptHeld(String kind) throws Exception {
        JobDatabase db = database(kind);
        JobQueue queue = queue(db);
        long id = queue.enqueue("slow", "{}");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch firstMayEnd = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch secondMayEnd = new java.util.concurrent.CountDownLatch(1);
        JobWorkers workers = workers(db, settings(2, 5), handler("slow", job -> {
            attempts.add(job.attempt());
            (job.attempt() == 1 ? firstMayEnd : secondMayEnd).await();
        }));
        workers.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> attempts.size() == 1);

        // The first attempt's lease, as a database outage leaves it: lapsed, its renewals refused.
        try (var connection = db.dataSource().getConnection();
                var lapse = connection.prepareStatement(
                        "UPDATE jobs SET locked_by = 'unreachable', locked_until = ? WHERE id = ?")) {
            lapse.setObject(
                    1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(1));
            lapse.setLong(2, id);
            assertThat(lapse.executeUpdate()).isEqualTo(1);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> attempts.size() == 2);
        firstMayEnd.countDown();

        // Longer than a lease: the second attempt is still this worker's, neither done nor taken again.
        Thread.sleep(LEASE.multipliedBy(2).toMillis());
        JobState during = queue.find(id).orElseThrow();
        assertThat(during.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(during.attempts()).isEqualTo(2);
        assertThat(attempts).containsExactly(1, 2);

        secondMayEnd.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> status(queue, id) == JobStatus.DONE);
        assertThat(queue.find(id).orElseThrow().attempts()).isEqualTo(2);
        assertThat(attempts).containsExactly(1, 2);
    }

    /**
     * A job enqueued inside a transaction (as a diagnosis is, with its row) wakes the idle worker at the commit, not
     * before: woken earlier, the worker found nothing and slept its whole poll interval.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aJobEnqueuedInATransactionRunsRightAfterTheCommitNotAtTheNextPoll(String kind) throws Exception {
        JobDatabase db = database(kind);
        JobSignal signal = new JobSignal();
        JobQueue queue = new JobQueue(new JobStore(db.dataSource()), signal, Clock.systemUTC(), 3);
        List<Long> ran = new CopyOnWriteArrayList<>();
        JobsProperties settings = new JobsProperties(
                true, 1, LEASE, null, Duration.ofSeconds(30), Duration.ofMillis(100), null, 3, Duration.ofMillis(500));
        JobWorkers workers = new JobWorkers(
                new JobStore(db.dataSource()),
                List.of(handler("diagnose", job -> ran.add(job.id()))),
                settings,
                signal,
                Clock.systemUTC());
        closeAfter.add(workers::stop);
        workers.start();
        Thread.sleep(300); // the worker has polled once and waits for a signal (or 30 s)
        var transactions = new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.support.JdbcTransactionManager(db.dataSource()));

        long id = transactions.execute(status -> {
            long enqueued = queue.enqueue("diagnose", "{}");
            try {
                Thread.sleep(300); // more of the transaction: a worker woken now would see no job
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return enqueued;
        });

        await().atMost(10, TimeUnit.SECONDS).until(() -> ran.contains(id));
    }

    /**
     * A job enqueued "here" (an upload this server's child has read) is this server's alone until its grace ends; then
     * any server's workers may take it, so a dead server holds nothing up for longer. Other jobs are anyone's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aJobEnqueuedHereIsOnlyThisServersUntilItsGraceEnds(String kind) {
        JobDatabase db = database(kind);
        JobStore store = new JobStore(db.dataSource());
        java.time.Instant now = java.time.Instant.now();
        // A fixed clock: the claims below ask at times relative to the enqueuing, however slow the database is.
        JobQueue here = new JobQueue(
                store,
                new JobSignal(),
                Clock.fixed(now, java.time.ZoneOffset.UTC),
                3,
                () -> java.util.Optional.of("A"));
        java.util.Set<String> types = java.util.Set.of("diagnose");

        long first = here.enqueueHere("diagnose", "{\"n\":1}", Duration.ofMinutes(1));
        assertThat(store.claim(types, "B", now.plusSeconds(1), LEASE))
                .as("another server's worker")
                .isEmpty();
        Job claimed = store.claim(types, "A", now.plusSeconds(1), LEASE).orElseThrow();
        assertThat(claimed.id()).isEqualTo(first);
        assertThat(store.markDone(claimed, "A", now.plusSeconds(1))).isTrue();

        long second = here.enqueueHere("diagnose", "{\"n\":2}", Duration.ofMinutes(1));
        long anyones = here.enqueue("diagnose", "{\"n\":3}");
        assertThat(store.claim(types, "B", now.plusSeconds(1), LEASE))
                .hasValueSatisfying(job -> assertThat(job.id()).isEqualTo(anyones));
        assertThat(store.claim(types, "B", now.plusSeconds(2), LEASE)).isEmpty();
        assertThat(store.claim(types, "B", now.plus(Duration.ofMinutes(2)), LEASE))
                .as("after the grace")
                .hasValueSatisfying(job -> assertThat(job.id()).isEqualTo(second));
    }

    /** A server that runs no workers enqueues plain jobs: nobody would claim one kept for it. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aServerWithoutWorkersEnqueuesAJobAnyServerMayTake(String kind) {
        JobDatabase db = database(kind);
        JobStore store = new JobStore(db.dataSource());
        JobQueue noWorkers = new JobQueue(store, new JobSignal(), Clock.systemUTC(), 3);

        long id = noWorkers.enqueueHere("diagnose", "{}", Duration.ofMinutes(1));

        assertThat(store.claim(
                        java.util.Set.of("diagnose"),
                        "B",
                        java.time.Instant.now().plusSeconds(1),
                        LEASE))
                .hasValueSatisfying(job -> assertThat(job.id()).isEqualTo(id));
    }

    private JobDatabase database(String kind) {
        JobDatabase db = JobDatabase.open(kind, folder);
        closeAfter.add(db);
        return db;
    }

    private static JobQueue queue(JobDatabase db) {
        return new JobQueue(new JobStore(db.dataSource()), new JobSignal(), Clock.systemUTC(), 3);
    }

    private JobWorkers workers(JobDatabase db, JobsProperties settings, JobHandler... handlers) {
        JobWorkers workers = new JobWorkers(
                new JobStore(db.dataSource()), List.of(handlers), settings, new JobSignal(), Clock.systemUTC());
        closeAfter.add(workers::stop);
        return workers;
    }

    private static JobsProperties settings(int threads, int maxAttempts) {
        return new JobsProperties(
                true,
                threads,
                LEASE,
                null,
                Duration.ofMillis(20),
                Duration.ofMillis(100),
                null,
                maxAttempts,
                Duration.ofMillis(500));
    }

    private static JobStatus status(JobQueue queue, long id) {
        return queue.find(id).orElseThrow().status();
    }

    @FunctionalInterface
    interface Work {
        void run(Job job) throws Exception;
    }

    private static JobHandler handler(String type, Work work) {
        return new JobHandler() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public void handle(Job job) throws Exception {
                work.run(job);
            }
        };
    }
}
