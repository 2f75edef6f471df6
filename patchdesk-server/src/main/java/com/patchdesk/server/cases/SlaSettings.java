package com.patchdesk.server.cases;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * SLA targets per priority, from {@code patchdesk.sla.P1.first-response=PT1H} and
 * {@code patchdesk.sla.P1.next-update=PT4H} (see application.yml for the defaults).
 */
@ConfigurationProperties("patchdesk")
record SlaSettings(Map<Priority, Target> sla) {

    record Target(Duration firstResponse, Duration nextUpdate) {
    }

    SlaSettings {
        sla = sla == null ? Map.of() : new EnumMap<>(sla);
        for (Priority priority : Priority.values()) {
            Target target = sla.get(priority);
            if (target == null || target.firstResponse() == null || target.nextUpdate() == null) {
                throw new IllegalStateException("missing patchdesk.sla." + priority
                        + ".first-response / next-update in the configuration");
            }
        }
    }

    Target of(Priority priority) {
        return sla.get(priority);
    }
}
