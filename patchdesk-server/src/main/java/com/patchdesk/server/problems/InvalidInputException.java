package com.patchdesk.server.problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Input that passed bean validation but still makes no sense, e.g. an unknown organisation id (HTTP 400). */
@ResponseStatus(HttpStatus.BAD_REQUEST)
public class InvalidInputException extends RuntimeException implements Reason.Explained {

    private final String field;
    private final transient Reason reason;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
        this.reason = null;
    }

    /** Refused for a reason people read in their own language; the message is its English. */
    public InvalidInputException(String field, Reason reason) {
        super(reason.english());
        this.field = field;
        this.reason = reason;
    }

    @Override
    public Reason reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
