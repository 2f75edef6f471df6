package com.patchdesk.server.calendars;

/** What an entry of a holiday list makes of a date, whatever weekday it is. */
public enum DayKind {
    /** A public holiday or a day off moved there (放假): no working time. */
    HOLIDAY,
    /** A make-up working day (调休上班), e.g. a Saturday: the calendar's working hours apply. */
    WORKDAY
}
