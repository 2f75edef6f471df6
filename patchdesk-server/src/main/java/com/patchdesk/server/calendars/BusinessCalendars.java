package com.patchdesk.server.calendars;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ResourceNotFoundException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which working time an organisation's SLA clocks count: its own calendar or the default one, in the
 * organisation's time zone, with the holidays and make-up working days of its holiday list.
 */
@Service
public class BusinessCalendars {

    private static final Pattern PRIORITY = Pattern.compile("P[1-4]");

    private final JdbcClient jdbc;
    private final HolidayLists holidays;
    private final CalendarSettings settings;
    private final AuditTrail audit;
    private final Clock clock;

    BusinessCalendars(
            JdbcClient jdbc, HolidayLists holidays, CalendarSettings settings, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.holidays = holidays;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /** The working time a clock of {@code priority} (e.g. "P2") counts for the organisation. */
    public WorkingTime workingTime(long organisationId, String priority) {
        OrganisationCalendar calendar = of(organisationId);
        CalendarSpec spec = calendar.calendar();
        if (spec.aroundTheClock().contains(priority)) {
            return WorkingTime.AROUND_THE_CLOCK;
        }
        return new BusinessCalendar(
                ZoneId.of(calendar.timeZone()),
                EnumSet.copyOf(spec.workingDays()),
                spec.opens(),
                spec.closes(),
                holidays.exceptions(Optional.ofNullable(spec.holidayList())));
    }

    public OrganisationCalendar of(long organisationId) {
        String zone = jdbc.sql("SELECT time_zone FROM organisations WHERE id = :id")
                .param("id", organisationId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new ResourceNotFoundException("no organisation " + organisationId));
        Optional<CalendarSpec> own = jdbc.sql("SELECT * FROM organisation_calendars WHERE organisation_id = :id")
                .param("id", organisationId)
                .query((rs, n) -> new CalendarSpec(
                        Arrays.stream(rs.getString("working_days").split(","))
                                .map(DayOfWeek::valueOf)
                                .toList(),
                        LocalTime.parse(rs.getString("opens")),
                        LocalTime.parse(rs.getString("closes")),
                        rs.getString("holiday_list"),
                        split(rs.getString("around_the_clock"))))
                .optional();
        return new OrganisationCalendar(organisationId, zone, own.isEmpty(), own.orElseGet(settings::spec));
    }

    /** Admins give an organisation its own calendar. Open cases keep the due instants already computed. */
    @Transactional
    public OrganisationCalendar set(Actor admin, long organisationId, CalendarSpec spec) {
        if (!admin.isAdmin()) {
            throw new AccessDeniedException("setting business calendars is for admins");
        }
        OrganisationCalendar before = of(organisationId);
        validate(spec);
        jdbc.sql("DELETE FROM organisation_calendars WHERE organisation_id = :id")
                .param("id", organisationId)
                .update();
        jdbc.sql("""
                INSERT INTO organisation_calendars (organisation_id, working_days, opens, closes, holiday_list,
                                                    around_the_clock, updated_at)
                VALUES (:id, :days, :opens, :closes, :list, :aroundTheClock, :now)""")
                .param("id", organisationId)
                .param(
                        "days",
                        EnumSet.copyOf(spec.workingDays()).stream()
                                .map(Enum::name)
                                .collect(Collectors.joining(",")))
                .param("opens", spec.opens().toString())
                .param("closes", spec.closes().toString())
                .param("list", spec.holidayList())
                .param(
                        "aroundTheClock",
                        String.join(
                                ",",
                                spec.aroundTheClock().stream()
                                        .sorted()
                                        .distinct()
                                        .toList()))
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .update();
        OrganisationCalendar after = of(organisationId);
        audit.record(
                admin,
                "organisation",
                organisationId,
                null,
                "calendar set",
                List.of(FieldChange.of("calendar", before.calendar(), after.calendar())));
        return after;
    }

    /** Admins drop an organisation's own calendar: it follows the default again. */
    @Transactional
    public OrganisationCalendar reset(Actor admin, long organisationId) {
        if (!admin.isAdmin()) {
            throw new AccessDeniedException("setting business calendars is for admins");
        }
        OrganisationCalendar before = of(organisationId);
        jdbc.sql("DELETE FROM organisation_calendars WHERE organisation_id = :id")
                .param("id", organisationId)
                .update();
        audit.record(
                admin,
                "organisation",
                organisationId,
                null,
                "calendar reset",
                List.of(FieldChange.of("calendar", before.calendar(), "default")));
        return of(organisationId);
    }

    private void validate(CalendarSpec spec) {
        if (spec.workingDays().isEmpty()) {
            throw new InvalidInputException("workingDays", "workingDays needs at least one day, e.g. [\"MONDAY\"]");
        }
        if (spec.opens() == null || spec.closes() == null || !spec.opens().isBefore(spec.closes())) {
            throw new InvalidInputException(
                    "opens",
                    "opens and closes are local times (HH:mm) and the day must open"
                            + " before it closes; for around-the-clock service list the priorities in aroundTheClock");
        }
        if (spec.holidayList() != null && !holidays.exists(spec.holidayList())) {
            throw new InvalidInputException(
                    "holidayList",
                    "no holiday list " + spec.holidayList() + "; import it first (PUT /api/holiday-lists/{code})");
        }
        for (String priority : spec.aroundTheClock()) {
            if (priority == null || !PRIORITY.matcher(priority).matches()) {
                throw new InvalidInputException("aroundTheClock", "aroundTheClock lists priorities P1 to P4");
            }
        }
    }

    private static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.split(","));
    }
}
