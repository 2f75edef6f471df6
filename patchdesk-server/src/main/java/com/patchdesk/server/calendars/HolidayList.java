package com.patchdesk.server.calendars;

import java.util.List;

/**
 * A list of public holidays and make-up working days as a government publishes them, with where it was published.
 * The import format (JSON) is this record; see docs/sla.md.
 *
 * @param code short name organisations' calendars refer to, e.g. {@code CN}
 * @param name what the list is, e.g. "中国法定节假日 / Public holidays of mainland China"
 * @param source the public notice the days come from (title and address)
 */
public record HolidayList(String code, String name, String source, List<CalendarDay> days) {}
