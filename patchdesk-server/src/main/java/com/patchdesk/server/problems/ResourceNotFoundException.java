package com.patchdesk.server.problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Something the caller asked for does not exist <em>for them</em>. Also thrown for things that exist but belong to
 * another organisation, so that a 404 never tells a customer what other customers have.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class ResourceNotFoundException extends RuntimeException implements Reason.Explained {

    private final transient Reason reason;

    public ResourceNotFoundException(String message) {
        super(message);
        this.reason = null;
    }

    /** Not found, said in the reader's language; the message is its English. */
    public ResourceNotFoundException(Reason reason) {
        super(reason.english());
        this.reason = reason;
    }

    @Override
    public Reason reason() {
        return reason;
    }
}
