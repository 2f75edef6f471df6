package com.patchdesk.server.calendars;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

/**
 * An organisation's business calendar as it is set: working days of the week, opening and closing time (local to
 * the organisation's time zone), the holiday list it follows (null for none) and the priorities whose clocks run
 * around the clock regardless (e.g. {@code P1} for a 24x7 contract).
 */
public record CalendarSpec(
        List<DayOfWeek> workingDays,
        LocalTime opens,
        LocalTime closes,
        String holidayList,
        List<String> aroundTheClock) {

    public CalendarSpec {
        workingDays = workingDays == null ? List.of() : List.copyOf(workingDays);
        aroundTheClock = aroundTheClock == null ? List.of() : List.copyOf(aroundTheClock);
    }
}
