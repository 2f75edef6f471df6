package com.patchdesk.server.problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Optimistic locking: the caller edited a version that someone else has changed since (HTTP 412). */
@ResponseStatus(HttpStatus.PRECONDITION_FAILED)
public class VersionMismatchException extends RuntimeException {

    private final long currentVersion;

    public VersionMismatchException(String message, long currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
