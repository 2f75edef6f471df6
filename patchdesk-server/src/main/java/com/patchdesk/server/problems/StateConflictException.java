package com.patchdesk.server.problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The request is well-formed but the resource is in a state that does not allow it (HTTP 409). */
@ResponseStatus(HttpStatus.CONFLICT)
public class StateConflictException extends RuntimeException {

    public StateConflictException(String message) {
        super(message);
    }
}
