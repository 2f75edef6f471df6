package com.patchdesk.server.calendars;

import java.time.LocalDate;

/** One dated entry of a holiday list, e.g. {@code 2026-02-14 WORKDAY 春节调休上班}. */
public record CalendarDay(LocalDate date, DayKind kind, String name) {}
