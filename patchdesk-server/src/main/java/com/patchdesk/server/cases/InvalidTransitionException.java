package com.patchdesk.server.cases;

import com.patchdesk.server.problems.StateConflictException;

/** A status change the lifecycle does not allow from the current status, or a close without consent. */
public class InvalidTransitionException extends StateConflictException {

    public InvalidTransitionException(String message) {
        super(message);
    }
}
