package com.patchdesk.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Copies a stream while computing its SHA-256 and enforcing a size limit. */
final class HashingCopy {

    private final MessageDigest sha256;
    private long size;

    HashingCopy() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Reads up to {@code buffer.length} bytes, hashing them; returns -1 at the end of {@code in}. */
    int read(InputStream in, byte[] buffer, int offset, long maxBytes) throws IOException {
        int n = in.read(buffer, offset, buffer.length - offset);
        if (n > 0) {
            size += n;
            if (size > maxBytes) {
                throw new BlobTooLargeException(maxBytes);
            }
            sha256.update(buffer, offset, n);
        }
        return n;
    }

    /** Copies in 1 MiB writes: servlet streams return a few KiB per read, and each write is a system call. */
    void copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buffer = new byte[1024 * 1024];
        int filled = 0;
        int n;
        while ((n = read(in, buffer, filled, maxBytes)) >= 0) {
            filled += n;
            if (filled == buffer.length) {
                out.write(buffer, 0, filled);
                filled = 0;
            }
        }
        out.write(buffer, 0, filled);
    }

    long size() {
        return size;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
