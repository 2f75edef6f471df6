package com.patchdesk.server.files;

/** Bytes {@code first} to {@code last} of a blob, both included, as in an HTTP byte range. */
public record BlobRange(long first, long last) {

    public BlobRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("invalid byte range " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }
}
