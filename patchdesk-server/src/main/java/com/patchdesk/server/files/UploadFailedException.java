package com.patchdesk.server.files;

import java.io.IOException;

/** An upload could not be stored; the case keeps a failed entry ({@code fileId}) that says why. */
public class UploadFailedException extends IOException {

    private final long fileId;

    UploadFailedException(long fileId, String reason, Throwable cause) {
        super(reason, cause);
        this.fileId = fileId;
    }

    public long fileId() {
        return fileId;
    }

    public boolean tooLarge() {
        return getCause() instanceof BlobTooLargeException;
    }
}
