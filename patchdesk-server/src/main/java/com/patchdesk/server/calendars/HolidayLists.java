package com.patchdesk.server.calendars;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ResourceNotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The imported holiday lists. An import replaces the list's days of every year the file covers and keeps the other
 * years, so that next year's notice can be imported on its own when the government publishes it.
 */
@Service
public class HolidayLists {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    HolidayLists(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Summary of a stored list: its code, name and the years it covers. */
    public record Summary(String code, String name, List<Integer> years) {}

    public List<Summary> all() {
        return jdbc.sql("SELECT code, name FROM holiday_lists ORDER BY code")
                .query((rs, n) -> new Summary(rs.getString("code"), rs.getString("name"), years(rs.getString("code"))))
                .list();
    }

    public boolean exists(String code) {
        return jdbc.sql("SELECT COUNT(*) FROM holiday_lists WHERE code = :code")
                        .param("code", code)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The list with every stored day; each day's source is the notice it was imported from. */
    public HolidayList require(String code) {
        String name = jdbc.sql("SELECT name FROM holiday_lists WHERE code = :code")
                .param("code", code)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new ResourceNotFoundException("no holiday list " + code));
        List<CalendarDay> days = jdbc.sql("""
                SELECT on_date, kind, name FROM holiday_list_days WHERE list_code = :code ORDER BY on_date""")
                .param("code", code)
                .query((rs, n) -> new CalendarDay(
                        rs.getObject("on_date", LocalDate.class),
                        DayKind.valueOf(rs.getString("kind")),
                        rs.getString("name")))
                .list();
        List<String> sources =
                jdbc.sql("""
                SELECT DISTINCT source FROM holiday_list_days WHERE list_code = :code ORDER BY source""").param("code", code).query(String.class).list();
        return new HolidayList(code, name, String.join("; ", sources), days);
    }

    /** The dated exceptions of a list, for the calendar arithmetic; empty for no list. */
    Map<LocalDate, DayKind> exceptions(Optional<String> code) {
        Map<LocalDate, DayKind> days = new HashMap<>();
        code.ifPresent(list -> jdbc.sql("SELECT on_date, kind FROM holiday_list_days WHERE list_code = :code")
                .param("code", list)
                .query(rs -> {
                    days.put(rs.getObject("on_date", LocalDate.class), DayKind.valueOf(rs.getString("kind")));
                }));
        return days;
    }

    List<Integer> years(String code) {
        return List.copyOf(new TreeSet<>(jdbc.sql("SELECT on_date FROM holiday_list_days WHERE list_code = :code")
                .param("code", code)
                .query((rs, n) -> rs.getObject(1, LocalDate.class).getYear())
                .list()));
    }

    /** Admins import a list (or next year's days of it); the result is the list as now stored. */
    @Transactional
    public HolidayList importList(Actor admin, HolidayList list) {
        if (!admin.isAdmin()) {
            throw new AccessDeniedException("importing holiday lists is for admins");
        }
        store(list);
        audit.record(
                admin,
                "holiday_list",
                0,
                null,
                "imported",
                List.of(FieldChange.of("holidayList", null, list.code() + " " + yearsOf(list))));
        return require(list.code());
    }

    /** Stores a list without an actor: the bundled lists at start-up. */
    @Transactional
    void store(HolidayList list) {
        validate(list);
        Set<Integer> years = yearsOf(list);
        var now = UtcTimestamps.toSql(clock.instant());
        if (exists(list.code())) {
            jdbc.sql("UPDATE holiday_lists SET name = :name, imported_at = :now WHERE code = :code")
                    .param("name", list.name().strip())
                    .param("now", now)
                    .param("code", list.code())
                    .update();
        } else {
            jdbc.sql("INSERT INTO holiday_lists (code, name, imported_at) VALUES (:code, :name, :now)")
                    .param("code", list.code())
                    .param("name", list.name().strip())
                    .param("now", now)
                    .update();
        }
        for (int year : years) {
            jdbc.sql("DELETE FROM holiday_list_days WHERE list_code = :code AND on_date BETWEEN :from AND :to")
                    .param("code", list.code())
                    .param("from", LocalDate.of(year, 1, 1))
                    .param("to", LocalDate.of(year, 12, 31))
                    .update();
        }
        for (CalendarDay day : list.days()) {
            jdbc.sql("""
                    INSERT INTO holiday_list_days (list_code, on_date, kind, name, source)
                    VALUES (:code, :date, :kind, :name, :source)""")
                    .param("code", list.code())
                    .param("date", day.date())
                    .param("kind", day.kind().name())
                    .param("name", day.name().strip())
                    .param("source", list.source().strip())
                    .update();
        }
    }

    static Set<Integer> yearsOf(HolidayList list) {
        Set<Integer> years = new TreeSet<>();
        list.days().forEach(day -> years.add(day.date().getYear()));
        return years;
    }

    private static void validate(HolidayList list) {
        if (list.code() == null || !CODE.matcher(list.code()).matches()) {
            throw new InvalidInputException("code", "code must be 1 to 32 letters, digits, '-' or '_', e.g. CN");
        }
        if (list.name() == null || list.name().isBlank() || list.name().length() > 200) {
            throw new InvalidInputException("name", "name is required (at most 200 characters)");
        }
        if (list.source() == null || list.source().isBlank() || list.source().length() > 1000) {
            throw new InvalidInputException(
                    "source",
                    "source is required: the public notice the days come from" + " (at most 1000 characters)");
        }
        if (list.days() == null || list.days().isEmpty()) {
            throw new InvalidInputException("days", "days must list at least one day");
        }
        Set<LocalDate> seen = new HashSet<>();
        for (int i = 0; i < list.days().size(); i++) {
            CalendarDay day = list.days().get(i);
            String field = "days[" + i + "]";
            if (day == null || day.date() == null || day.kind() == null) {
                throw new InvalidInputException(
                        field, field + " needs a date (YYYY-MM-DD) and a kind" + " (HOLIDAY or WORKDAY)");
            }
            if (day.name() == null || day.name().isBlank() || day.name().length() > 200) {
                throw new InvalidInputException(field, field + " needs a name (at most 200 characters)");
            }
            if (!seen.add(day.date())) {
                throw new InvalidInputException(field, field + ": " + day.date() + " is listed twice");
            }
        }
    }
}
