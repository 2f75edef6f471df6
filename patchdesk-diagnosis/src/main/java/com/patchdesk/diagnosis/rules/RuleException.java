package com.patchdesk.diagnosis.rules;

/** A rule file that cannot be used: the message names the file and what is wrong with it. */
public class RuleException extends RuntimeException {

    public RuleException(String message) {
        super(message);
    }

    public RuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
