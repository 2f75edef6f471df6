package com.patchdesk.server.cases;

import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * SLA targets per priority, from {@code patchdesk.sla.P1.first-response=PT1H} and
 * {@code patchdesk.sla.P1.next-update=PT4H} (see application.yml for the defaults).
 */
@ConfigurationProperties("patchdesk")
public record SlaSettings(Map<Priority, SlaClock.Targets> sla) {

    public SlaSettings {
        sla = sla == null ? new EnumMap<>(Priority.class) : new EnumMap<>(sla);
        for (Priority priority : Priority.values()) {
            SlaClock.Targets targets = sla.get(priority);
            if (targets == null || targets.firstResponse() == null || targets.nextUpdate() == null) {
                throw new IllegalStateException(
                        "missing patchdesk.sla." + priority + ".first-response / next-update in the configuration");
            }
        }
    }

    SlaClock.Targets of(Priority priority) {
        return sla.get(priority);
    }
}
