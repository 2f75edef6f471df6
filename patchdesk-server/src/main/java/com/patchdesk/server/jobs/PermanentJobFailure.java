package com.patchdesk.server.jobs;

/** Thrown by a {@link JobHandler} when running the job again cannot succeed: the job fails at once. */
public class PermanentJobFailure extends Exception {

    public PermanentJobFailure(String message) {
        super(message);
    }

    public PermanentJobFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
