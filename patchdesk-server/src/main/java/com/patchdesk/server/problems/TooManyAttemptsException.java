package com.patchdesk.server.problems;

import java.time.Duration;

/**
 * Refused for now, unchecked: too many wrong attempts at something that guards a secret (HTTP 429 with Retry-After).
 * The reason says what and is read in the caller's language.
 */
public class TooManyAttemptsException extends RuntimeException implements Reason.Explained {

    private final transient Reason reason;
    private final Duration retryAfter;

    public TooManyAttemptsException(Reason reason, Duration retryAfter) {
        super(reason.english());
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    @Override
    public Reason reason() {
        return reason;
    }

    /** Whole seconds to wait, at least one, for the Retry-After header. */
    public long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    /** A wait in whole seconds, rounded up, at least one: as Retry-After and the reason's text say it. */
    public static long seconds(Duration wait) {
        return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    }
}
