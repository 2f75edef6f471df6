package com.patchdesk.server.files;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code patchdesk.recovery.*} of uploads ({@link AbandonedUploads}); the sweeps' intervals are {@code @Scheduled}
 * placeholders of the same prefix.
 *
 * @param receivingTimeout     an upload still receiving after this is failed by the sweep
 * @param failReceivingOnStart on start, fail uploads left receiving (false with several instances)
 */
@ConfigurationProperties("patchdesk.recovery")
record RecoverySettings(Duration receivingTimeout, Boolean failReceivingOnStart) {

    RecoverySettings {
        receivingTimeout = receivingTimeout == null ? Duration.ofHours(6) : receivingTimeout;
        failReceivingOnStart = failReceivingOnStart == null || failReceivingOnStart;
    }
}
