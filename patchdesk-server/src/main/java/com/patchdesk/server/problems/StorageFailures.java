package com.patchdesk.server.problems;

import com.patchdesk.server.config.FreeSpaceFloorReached;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises failures that are the server's storage's fault, not the request's: a full disk (the file system's
 * ENOSPC or quota, PostgreSQL's {@code disk_full}) and a database that is closed or unreachable (H2 after a failed
 * write closes itself). They are answered 507 and 503 with a clear problem instead of 500, 400 or 401.
 */
public final class StorageFailures {

    /** H2's "The database has been closed" (ErrorCode.DATABASE_IS_CLOSED). */
    private static final int H2_DATABASE_IS_CLOSED = 90098;
    /** H2's "Database is already closed" (ErrorCode.DATABASE_CALLED_AT_SHUTDOWN). */
    private static final int H2_CLOSED_AT_SHUTDOWN = 90121;

    /** What a client is told when a write failed because the disk is full, in their language. */
    public static final Reason FULL_REASON = Reason.of("problem.storageFull");
    /** What a client is told when the database cannot be used, in their language. */
    public static final Reason UNAVAILABLE_REASON = Reason.of("problem.databaseUnavailable");

    /** What a client that names no language is told when a write failed because the disk is full. */
    public static final String FULL = FULL_REASON.english();
    /** What a client that names no language is told when the database cannot be used. */
    public static final String UNAVAILABLE = UNAVAILABLE_REASON.english();

    private StorageFailures() {}

    /** Whether the failure, or anything it was caused by, is a full disk or an exceeded quota. */
    public static boolean full(Throwable failure) {
        for (Throwable cause : chain(failure)) {
            if (cause instanceof SQLException sql && "53100".equals(sql.getSQLState())) {
                return true; // PostgreSQL disk_full
            }
            if (cause instanceof FreeSpaceFloorReached) {
                return true; // the room kept for the database
            }
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("no space left on device")
                    || message.contains("disk quota exceeded")
                    || message.contains("there is not enough space on the disk")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the database is closed (H2 after a failed write) or refuses connections (PostgreSQL down). */
    public static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause : chain(failure)) {
            if (cause instanceof SQLException sql) {
                String state = String.valueOf(sql.getSQLState());
                if (sql.getErrorCode() == H2_DATABASE_IS_CLOSED
                        || sql.getErrorCode() == H2_CLOSED_AT_SHUTDOWN
                        || sql instanceof SQLNonTransientConnectionException
                        || sql instanceof SQLTransientConnectionException
                        || state.startsWith("08")
                        || state.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Iterable<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.size() < 32 && seen.add(cause); ) {
            for (Throwable suppressed : cause.getSuppressed()) {
                seen.add(suppressed);
            }
            cause = cause.getCause();
        }
        return seen;
    }
}
