package com.patchdesk.server.calendars;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Set;

/**
 * Working hours in one time zone: the same opening and closing time on every working day, where a working day is
 * one of {@code workingDays} unless the holiday list says otherwise ({@link DayKind#HOLIDAY} on a weekday,
 * {@link DayKind#WORKDAY} on a make-up Saturday or Sunday). Hours are local wall-clock times, so on a day that
 * changes to or from daylight saving time the working day is an hour shorter or longer, as it is for the people.
 *
 * <p>The arithmetic walks day by day, which is plenty for SLA targets of hours or days; it gives up after
 * {@link #HORIZON_DAYS} days without enough working time rather than looping for ever.
 */
public record BusinessCalendar(
        ZoneId zone, Set<DayOfWeek> workingDays, LocalTime opens, LocalTime closes, Map<LocalDate, DayKind> exceptions)
        implements WorkingTime {

    static final int HORIZON_DAYS = 3660;

    public BusinessCalendar {
        if (!opens.isBefore(closes)) {
            throw new IllegalArgumentException("the working day must open before it closes: " + opens + "-" + closes);
        }
        if (workingDays.isEmpty()) {
            throw new IllegalArgumentException("a calendar needs at least one working day in the week");
        }
        workingDays = Set.copyOf(workingDays);
        exceptions = Map.copyOf(exceptions);
    }

    public boolean isWorkingDay(LocalDate date) {
        DayKind kind = exceptions.get(date);
        return kind != null ? kind == DayKind.WORKDAY : workingDays.contains(date.getDayOfWeek());
    }

    @Override
    public Instant plus(Instant from, Duration work) {
        requireNotNegative(work);
        if (work.isZero()) {
            return from;
        }
        Duration remaining = work;
        LocalDate day = from.atZone(zone).toLocalDate();
        for (int i = 0; i < HORIZON_DAYS; i++, day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            Instant start = latest(opening(day), from);
            Instant end = closing(day);
            if (!start.isBefore(end)) {
                continue;
            }
            Duration available = Duration.between(start, end);
            if (remaining.compareTo(available) <= 0) {
                return start.plus(remaining);
            }
            remaining = remaining.minus(available);
        }
        throw new IllegalStateException("no " + work + " of working time within " + HORIZON_DAYS + " days of " + from);
    }

    @Override
    public Instant minus(Instant from, Duration work) {
        requireNotNegative(work);
        if (work.isZero()) {
            return from;
        }
        Duration remaining = work;
        LocalDate day = from.atZone(zone).toLocalDate();
        for (int i = 0; i < HORIZON_DAYS; i++, day = day.minusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            Instant start = opening(day);
            Instant end = closing(day).isAfter(from) ? from : closing(day);
            if (!start.isBefore(end)) {
                continue;
            }
            Duration available = Duration.between(start, end);
            if (remaining.compareTo(available) <= 0) {
                return end.minus(remaining);
            }
            remaining = remaining.minus(available);
        }
        throw new IllegalStateException(
                "no " + work + " of working time within " + HORIZON_DAYS + " days before " + from);
    }

    @Override
    public Duration between(Instant from, Instant to) {
        if (to.isBefore(from)) {
            return between(to, from).negated();
        }
        Duration total = Duration.ZERO;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            Instant start = latest(opening(day), from);
            Instant end = closing(day).isAfter(to) ? to : closing(day);
            if (start.isBefore(end)) {
                total = total.plus(Duration.between(start, end));
            }
        }
        return total;
    }

    /** Whether {@code instant} falls in working hours. */
    public boolean isWorking(Instant instant) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        return isWorkingDay(day) && !instant.isBefore(opening(day)) && instant.isBefore(closing(day));
    }

    private Instant opening(LocalDate day) {
        return ZonedDateTime.of(day, opens, zone).toInstant();
    }

    private Instant closing(LocalDate day) {
        return ZonedDateTime.of(day, closes, zone).toInstant();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static void requireNotNegative(Duration work) {
        if (work.isNegative()) {
            throw new IllegalArgumentException("working time must not be negative: " + work);
        }
    }
}
