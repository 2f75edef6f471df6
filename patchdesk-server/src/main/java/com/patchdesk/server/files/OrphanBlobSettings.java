package com.patchdesk.server.files;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code patchdesk.storage.orphans.*} of the sweep of blobs no row names ({@link OrphanBlobs}); its interval is the
 * {@code @Scheduled} placeholder {@code patchdesk.storage.orphans.interval}.
 *
 * @param grace a blob written (or stored again) more recently than this is never removed: its row may still be on
 *              its way (a transaction not yet committed, a donor zip's many files)
 */
@ConfigurationProperties("patchdesk.storage.orphans")
record OrphanBlobSettings(Duration grace) {

    OrphanBlobSettings {
        grace = grace == null ? Duration.ofDays(1) : grace;
        if (grace.compareTo(Duration.ofMinutes(10)) < 0) {
            throw new IllegalArgumentException(
                    "patchdesk.storage.orphans.grace must be at least PT10M: a blob's row may take that long to come");
        }
    }
}
