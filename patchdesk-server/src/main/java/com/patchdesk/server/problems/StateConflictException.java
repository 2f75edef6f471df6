package com.patchdesk.server.problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The request is well-formed but the resource is in a state that does not allow it (HTTP 409). */
@ResponseStatus(HttpStatus.CONFLICT)
public class StateConflictException extends RuntimeException implements Reason.Explained {

    private final transient Reason reason;

    public StateConflictException(String message) {
        super(message);
        this.reason = null;
    }

    /** Refused for a reason people read in their own language; the message is its English. */
    public StateConflictException(Reason reason) {
        super(reason.english());
        this.reason = reason;
    }

    @Override
    public Reason reason() {
        return reason;
    }
}
