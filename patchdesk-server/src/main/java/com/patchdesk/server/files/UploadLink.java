package com.patchdesk.server.files;

import java.time.Instant;

/**
 * A link through which anyone holding it may upload files to one case, without an account: until it expires or is
 * revoked, at most {@code maxFiles} files of at most {@code maxBytes} each.
 */
public record UploadLink(
        long id,
        long caseId,
        Instant expiresAt,
        long maxBytes,
        int maxFiles,
        int filesReceived,
        Instant revokedAt,
        Long createdBy,
        Instant createdAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now) && filesReceived < maxFiles;
    }

    public int filesLeft() {
        return Math.max(0, maxFiles - filesReceived);
    }
}
