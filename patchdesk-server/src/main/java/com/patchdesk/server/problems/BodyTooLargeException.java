package com.patchdesk.server.problems;

import java.io.IOException;

/** A request body went past its limit while it was read; the rest is never read (413). */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
