-- ShedLock's table (com.patchdesk.server.cluster.SchedulerLocks): one row per scheduled sweep; the instance whose
-- update moved lock_until into the future runs the sweep, the others skip that round.
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);
