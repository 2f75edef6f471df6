package com.patchdesk.server.jobs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The SQL of the job queue. Claiming differs by database:
 * <ul>
 *   <li>PostgreSQL: one {@code UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING}, so
 *       concurrent workers step over each other's candidate rows instead of waiting on them;</li>
 *   <li>H2 (and anything else): read a few candidates, then take one with a compare-and-set
 *       {@code UPDATE ... WHERE id = ? AND attempts = ? AND <still claimable>}; {@code attempts} grows with every
 *       claim, so exactly one of two racing workers sees its update count as 1.</li>
 * </ul>
 */
final class JobStore {

    private static final String CLAIMABLE = """
            ((status = 'queued' AND run_after <= :now)
              OR (status = 'running' AND locked_until < :now AND attempts < max_attempts))
            AND type IN (:types)
            AND (prefer_worker IS NULL OR prefer_worker = :worker OR prefer_until <= :now)""";

    private final JdbcClient jdbc;
    private final boolean skipLocked;

    JobStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.skipLocked = isPostgres(dataSource);
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection
                    .getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the job database", e);
        }
    }

    boolean usesSkipLocked() {
        return skipLocked;
    }

    long insert(String type, String payload, int maxAttempts, Instant runAfter, Instant now) {
        return insert(type, payload, maxAttempts, runAfter, now, null, null);
    }

    /** A job only {@code preferWorker} may claim until {@code preferUntil} (both null: any worker, at once). */
    long insert(
            String type,
            String payload,
            int maxAttempts,
            Instant runAfter,
            Instant now,
            String preferWorker,
            Instant preferUntil) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO jobs (type, payload, status, attempts, max_attempts, run_after, created_at,
                                  prefer_worker, prefer_until)
                VALUES (:type, :payload, 'queued', 0, :max, :runAfter, :now, :preferWorker, :preferUntil)""")
                .param("type", type)
                .param("payload", payload)
                .param("max", maxAttempts)
                .param("runAfter", utc(runAfter))
                .param("now", utc(now))
                .param("preferWorker", preferWorker)
                .param("preferUntil", preferUntil == null ? null : utc(preferUntil))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Job> claim(Set<String> types, String worker, Instant now, Duration lease) {
        if (types.isEmpty()) {
            return Optional.empty();
        }
        return skipLocked ? claimSkipLocked(types, worker, now, lease) : claimCompareAndSet(types, worker, now, lease);
    }

    private Optional<Job> claimSkipLocked(Set<String> types, String worker, Instant now, Duration lease) {
        return jdbc.sql("""
                UPDATE jobs SET status = 'running', locked_by = :worker, locked_until = :until,
                                attempts = attempts + 1
                WHERE id = (SELECT id FROM jobs WHERE %s ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING id, type, payload, attempts, max_attempts""".formatted(CLAIMABLE))
                .param("worker", worker)
                .param("until", utc(now.plus(lease)))
                .param("now", utc(now))
                .param("types", List.copyOf(types))
                .query(JobStore::job)
                .optional();
    }

    private Optional<Job> claimCompareAndSet(Set<String> types, String worker, Instant now, Duration lease) {
        List<long[]> candidates = jdbc.sql(
                        "SELECT id, attempts FROM jobs WHERE " + CLAIMABLE + " ORDER BY run_after, id LIMIT 8")
                .param("now", utc(now))
                .param("worker", worker)
                .param("types", List.copyOf(types))
                .query((rs, row) -> new long[] {rs.getLong(1), rs.getInt(2)})
                .list();
        for (long[] candidate : candidates) {
            int taken = jdbc.sql("""
                    UPDATE jobs SET status = 'running', locked_by = :worker, locked_until = :until,
                                    attempts = attempts + 1
                    WHERE id = :id AND attempts = :attempts AND """ + CLAIMABLE)
                    .param("worker", worker)
                    .param("until", utc(now.plus(lease)))
                    .param("now", utc(now))
                    .param("types", List.copyOf(types))
                    .param("id", candidate[0])
                    .param("attempts", (int) candidate[1])
                    .update();
            if (taken == 1) {
                return jdbc.sql("SELECT id, type, payload, attempts, max_attempts FROM jobs WHERE id = :id")
                        .param("id", candidate[0])
                        .query(JobStore::job)
                        .optional();
            }
        }
        return Optional.empty();
    }

    /** Jobs whose worker died on their last allowed attempt are failed, not retried forever. */
    int failAbandoned(Instant now) {
        return jdbc.sql("""
                UPDATE jobs SET status = 'failed', locked_by = NULL, locked_until = NULL, finished_at = :now,
                       last_error = 'the worker stopped responding (lease expired) on the last allowed attempt'
                WHERE status = 'running' AND locked_until < :now AND attempts >= max_attempts""").param("now", utc(now)).update();
    }

    /** Extends the lease; false when this worker no longer holds the job (its lease expired and it was taken). */
    boolean heartbeat(Job job, String worker, Instant until) {
        return jdbc.sql(
                                "UPDATE jobs SET locked_until = :until WHERE id = :id AND locked_by = :worker AND status = 'running' AND attempts = :attempt")
                        .param("until", utc(until))
                        .param("id", job.id())
                        .param("attempt", job.attempt())
                        .param("worker", worker)
                        .update()
                == 1;
    }

    boolean markDone(Job job, String worker, Instant now) {
        return jdbc.sql("""
                UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, finished_at = :now,
                       finished_by = :worker
                WHERE id = :id AND locked_by = :worker AND status = 'running' AND attempts = :attempt""")
                        .param("now", utc(now))
                        .param("id", job.id())
                        .param("attempt", job.attempt())
                        .param("worker", worker)
                        .update()
                == 1;
    }

    boolean markFailed(Job job, String worker, String error, Instant now) {
        return jdbc.sql("""
                UPDATE jobs SET status = 'failed', locked_by = NULL, locked_until = NULL, finished_at = :now,
                       last_error = :error, finished_by = :worker
                WHERE id = :id AND locked_by = :worker AND status = 'running' AND attempts = :attempt""")
                        .param("now", utc(now))
                        .param("error", error)
                        .param("id", job.id())
                        .param("attempt", job.attempt())
                        .param("worker", worker)
                        .update()
                == 1;
    }

    boolean retryLater(Job job, String worker, String error, Instant runAfter) {
        return jdbc.sql("""
                UPDATE jobs SET status = 'queued', locked_by = NULL, locked_until = NULL, run_after = :runAfter,
                       last_error = :error
                WHERE id = :id AND locked_by = :worker AND status = 'running' AND attempts = :attempt""")
                        .param("runAfter", utc(runAfter))
                        .param("error", error)
                        .param("id", job.id())
                        .param("attempt", job.attempt())
                        .param("worker", worker)
                        .update()
                == 1;
    }

    /** Gives a job back unrun (orderly shutdown): the attempt it was claimed with is not counted. */
    boolean release(Job job, String worker) {
        return jdbc.sql("""
                UPDATE jobs SET status = 'queued', locked_by = NULL, locked_until = NULL, attempts = attempts - 1
                WHERE id = :id AND locked_by = :worker AND status = 'running' AND attempts = :attempt""")
                        .param("id", job.id())
                        .param("attempt", job.attempt())
                        .param("worker", worker)
                        .update()
                == 1;
    }

    Optional<JobState> find(long id) {
        return jdbc.sql("""
                SELECT id, type, status, attempts, max_attempts, run_after, locked_by, last_error, created_at,
                       finished_at, finished_by
                FROM jobs WHERE id = :id""").param("id", id).query(JobStore::state).optional();
    }

    private static Job job(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getLong("id"),
                rs.getString("type"),
                rs.getString("payload"),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"));
    }

    private static JobState state(ResultSet rs, int row) throws SQLException {
        return new JobState(
                rs.getLong("id"),
                rs.getString("type"),
                JobStatus.ofColumn(rs.getString("status")),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                instant(rs, "run_after"),
                rs.getString("locked_by"),
                rs.getString("last_error"),
                instant(rs, "created_at"),
                instant(rs, "finished_at"),
                rs.getString("finished_by"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Both drivers bind OffsetDateTime to TIMESTAMP WITH TIME ZONE; PostgreSQL's does not take Instant. */
    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
