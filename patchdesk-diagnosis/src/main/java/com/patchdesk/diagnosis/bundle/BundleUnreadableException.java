package com.patchdesk.diagnosis.bundle;

import java.io.IOException;

/** The input as a whole cannot be opened (missing path, not a zip nor a folder nor a readable file). */
public class BundleUnreadableException extends IOException {

    public BundleUnreadableException(String message) {
        super(message);
    }

    public BundleUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
