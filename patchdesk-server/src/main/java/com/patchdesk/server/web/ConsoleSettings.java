package com.patchdesk.server.web;

import com.patchdesk.server.accounts.Organisations;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code patchdesk.web.*}: how the console shows time and SLA urgency. Read by every feature's pages (the case list,
 * the fleet's days, upload links), so that each setting has one name and one default.
 *
 * @param timeZone        zone staff pages show times in (customers see their organisation's zone); by default the
 *                        organisations' default zone, {@link Organisations#DEFAULT_ZONE}
 * @param slaQueueHorizon {@code /cases/queue} lists open cases whose response is due within this, or overdue
 * @param slaWarning      a case is "at risk" within this of an SLA target
 */
@ConfigurationProperties("patchdesk.web")
public record ConsoleSettings(ZoneId timeZone, Duration slaQueueHorizon, Duration slaWarning) {

    public ConsoleSettings {
        timeZone = timeZone == null ? Organisations.DEFAULT_ZONE : timeZone;
        slaQueueHorizon = slaQueueHorizon == null ? Duration.ofHours(4) : slaQueueHorizon;
        slaWarning = slaWarning == null ? Duration.ofHours(2) : slaWarning;
    }
}
