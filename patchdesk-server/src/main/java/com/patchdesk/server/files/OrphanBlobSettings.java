package com.patchdesk.server.files;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code patchdesk.storage.orphans.*} of the sweep of blobs no row names ({@link OrphanBlobs}); its interval is the
 * {@code @Scheduled} placeholder {@code patchdesk.storage.orphans.interval}.
 *
 * @param grace a blob written (or stored again) more recently than this is never removed: its row may still be on
 *              its way (a transaction not yet committed; a donor zip's files are all put before the one commit of
 *              its import, so the floor is an hour, not minutes)
 */
@ConfigurationProperties("patchdesk.storage.orphans")
record OrphanBlobSettings(Duration grace) {

    OrphanBlobSettings {
        grace = grace == null ? Duration.ofDays(1) : grace;
        if (grace.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("patchdesk.storage.orphans.grace must be at least PT1H: a blob's row may"
                    + " take that long to come (a donor zip's import commits once, after all its files)");
        }
    }
}
