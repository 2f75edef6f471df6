package com.patchdesk.server.calendars;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The default business calendar, for organisations without their own ({@code patchdesk.business-calendar.*}, see
 * application.yml).
 */
@ConfigurationProperties("patchdesk.business-calendar")
record CalendarSettings(
        List<DayOfWeek> workingDays, LocalTime opens, LocalTime closes, String holidays, List<String> aroundTheClock) {

    CalendarSpec spec() {
        return new CalendarSpec(
                workingDays, opens, closes, holidays == null || holidays.isBlank() ? null : holidays, aroundTheClock);
    }
}
