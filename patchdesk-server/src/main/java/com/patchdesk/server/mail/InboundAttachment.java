package com.patchdesk.server.mail;

import java.util.Objects;

/** A file that came with an inbound mail; the name is decoded but never trusted as a path. */
record InboundAttachment(String fileName, String contentType, byte[] content) {

    InboundAttachment {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(contentType, "contentType");
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    long size() {
        return content.length;
    }
}
