package com.patchdesk.server.files;

import java.time.Instant;
import java.util.List;

/** A published link as engineers see it (never with its token), with every download made through it. */
public record DownloadLink(
        long id,
        long caseId,
        long fileId,
        String fileName,
        Long fileSize,
        Instant expiresAt,
        Integer maxDownloads,
        int downloadsStarted,
        Instant revokedAt,
        Long createdBy,
        Instant createdAt,
        List<DownloadRecord> downloads) {

    public DownloadLink {
        downloads = List.copyOf(downloads);
    }

    public record DownloadRecord(
            Instant startedAt,
            Instant finishedAt,
            String clientAddress,
            Long rangeFirst,
            Long rangeLast,
            long bytesSent,
            boolean complete) {}
}
