package com.patchdesk.server.files;

import java.io.IOException;

/** The content passed the size limit while it was being stored; nothing of it was kept. */
public class BlobTooLargeException extends IOException {

    private final long limit;

    public BlobTooLargeException(long limit) {
        super("the content is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
