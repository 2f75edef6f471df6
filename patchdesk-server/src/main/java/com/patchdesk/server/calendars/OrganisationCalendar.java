package com.patchdesk.server.calendars;

/**
 * The calendar an organisation's SLA clocks follow: its own, or the default one ({@code standard} true).
 *
 * @param timeZone the organisation's time zone, in which the hours are read
 */
public record OrganisationCalendar(long organisationId, String timeZone, boolean standard, CalendarSpec calendar) {}
