package com.patchdesk.server.calendars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The working-time arithmetic, against dates whose answer is known and against a minute-by-minute walk. */
class BusinessCalendarTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final EnumSet<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    /** The Spring Festival 2026 arrangement: 15–23 February off, Saturdays 14 and 28 February worked. */
    static final Map<LocalDate, DayKind> SPRING_FESTIVAL_2026 = springFestival2026();

    static BusinessCalendar china() {
        return new BusinessCalendar(SHANGHAI, WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(18, 0), SPRING_FESTIVAL_2026);
    }

    static Instant at(String local, ZoneId zone) {
        return java.time.LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    @Test
    void aP2FirstResponseOwedOnTheEveOfSpringFestivalIsDueAfterTheHolidayNotDuringIt() {
        // Friday 13 Feb 2026, 16:00: two working hours left that day; Saturday 14 is a make-up working day.
        Instant opened = at("2026-02-13T16:00", SHANGHAI);
        assertThat(china().plus(opened, Duration.ofHours(4))).isEqualTo(at("2026-02-14T11:00", SHANGHAI));

        // Opened on the make-up Saturday afternoon: nothing counts from 15 to 23 February.
        Instant eve = at("2026-02-14T17:00", SHANGHAI);
        assertThat(china().plus(eve, Duration.ofHours(4))).isEqualTo(at("2026-02-24T12:00", SHANGHAI));
        assertThat(china().between(eve, at("2026-02-24T09:00", SHANGHAI))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMakeUpSaturdayCountsAndAnOrdinarySaturdayDoesNot() {
        assertThat(china().isWorkingDay(LocalDate.of(2026, 2, 28))).isTrue();
        assertThat(china().isWorkingDay(LocalDate.of(2026, 3, 7))).isFalse();
        assertThat(china().plus(at("2026-02-27T17:00", SHANGHAI), Duration.ofHours(2)))
                .isEqualTo(at("2026-02-28T10:00", SHANGHAI));
        assertThat(china().plus(at("2026-03-06T17:00", SHANGHAI), Duration.ofHours(2)))
                .isEqualTo(at("2026-03-09T10:00", SHANGHAI));
    }

    @Test
    void hoursAreLocalToTheCalendarsTimeZone() {
        BusinessCalendar shanghai = china();
        BusinessCalendar berlin =
                new BusinessCalendar(BERLIN, WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(18, 0), Map.of());
        Instant mondayMorningUtc = Instant.parse("2026-03-02T07:00:00Z"); // 15:00 Shanghai, 08:00 Berlin
        assertThat(shanghai.plus(mondayMorningUtc, Duration.ofHours(4))).isEqualTo(at("2026-03-03T10:00", SHANGHAI));
        assertThat(berlin.plus(mondayMorningUtc, Duration.ofHours(4))).isEqualTo(at("2026-03-02T13:00", BERLIN));
    }

    @Test
    void aDaylightSavingChangeKeepsTheLocalHours() {
        // Berlin moves to summer time on Sunday 29 March 2026 at 02:00; the working day is still 01:00-18:00 local.
        BusinessCalendar berlin = new BusinessCalendar(
                BERLIN, EnumSet.allOf(DayOfWeek.class), LocalTime.of(1, 0), LocalTime.of(18, 0), Map.of());
        Instant saturdayEvening = at("2026-03-28T17:00", BERLIN);
        // 1 h on Saturday, then Sunday opens at 01:00 CET; 02:00-03:00 does not exist, so Sunday has 16 hours and
        // two working hours from its opening end at 04:00 summer time.
        assertThat(berlin.between(saturdayEvening, at("2026-03-29T18:00", BERLIN)))
                .isEqualTo(Duration.ofHours(17));
        assertThat(berlin.plus(saturdayEvening, Duration.ofHours(3))).isEqualTo(at("2026-03-29T04:00", BERLIN));
    }

    @Test
    void aCalendarWithoutWorkingTimeIsRefusedInsteadOfLoopingForEver() {
        assertThatThrownBy(() ->
                        new BusinessCalendar(SHANGHAI, WEEKDAYS, LocalTime.of(18, 0), LocalTime.of(9, 0), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        BusinessCalendar allHolidays = new BusinessCalendar(
                SHANGHAI, EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(18, 0), Map.of());
        assertThatThrownBy(() -> allHolidays.plus(Instant.EPOCH, Duration.ofDays(10_000)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void plusMinusAndBetweenAgreeWithAMinuteByMinuteWalkOnRandomIntervals() {
        Random random = new Random(22);
        for (ZoneId zone : new ZoneId[] {SHANGHAI, BERLIN, ZoneId.of("America/New_York")}) {
            BusinessCalendar calendar = new BusinessCalendar(
                    zone,
                    WEEKDAYS,
                    LocalTime.of(8, 30),
                    LocalTime.of(17, 45),
                    zone == SHANGHAI
                            ? SPRING_FESTIVAL_2026
                            : Map.of(
                                    LocalDate.of(2026, 3, 30),
                                    DayKind.HOLIDAY,
                                    LocalDate.of(2026, 3, 28),
                                    DayKind.WORKDAY));
            Instant base = ZonedDateTime.of(2026, 2, 1, 0, 0, 0, 0, zone).toInstant();
            for (int i = 0; i < 60; i++) {
                // Around Spring Festival and the March DST changes (US 8 March, EU 29 March).
                Instant from = base.plus(random.nextInt(60 * 24 * 60), ChronoUnit.MINUTES);
                Instant to = from.plus(random.nextInt(60 * 24 * 12), ChronoUnit.MINUTES);
                long walked = workingMinutes(calendar, from, to);
                assertThat(calendar.between(from, to))
                        .as("%s %s..%s", zone, from, to)
                        .isEqualTo(Duration.ofMinutes(walked));
                assertThat(calendar.between(to, from)).isEqualTo(Duration.ofMinutes(-walked));

                Duration work = Duration.ofMinutes(random.nextInt(60 * 40));
                Instant due = calendar.plus(from, work);
                assertThat(due).as("%s plus %s from %s", zone, work, from).isEqualTo(walkForward(calendar, from, work));
                Instant back = calendar.minus(to, work);
                assertThat(back).as("%s minus %s from %s", zone, work, to).isEqualTo(walkBackward(calendar, to, work));
            }
        }
    }

    private static long workingMinutes(BusinessCalendar calendar, Instant from, Instant to) {
        long minutes = 0;
        for (Instant t = from; t.isBefore(to); t = t.plus(1, ChronoUnit.MINUTES)) {
            if (calendar.isWorking(t)) {
                minutes++;
            }
        }
        return minutes;
    }

    /** The earliest instant by which {@code work} working minutes have passed. */
    private static Instant walkForward(BusinessCalendar calendar, Instant from, Duration work) {
        Instant t = from;
        for (long counted = 0; counted < work.toMinutes(); t = t.plus(1, ChronoUnit.MINUTES)) {
            if (calendar.isWorking(t)) {
                counted++;
            }
        }
        return t;
    }

    /** The latest instant from which {@code work} working minutes pass until {@code to}. */
    private static Instant walkBackward(BusinessCalendar calendar, Instant to, Duration work) {
        Instant t = to;
        for (long counted = 0; counted < work.toMinutes(); ) {
            t = t.minus(1, ChronoUnit.MINUTES);
            if (calendar.isWorking(t)) {
                counted++;
            }
        }
        return t;
    }

    private static Map<LocalDate, DayKind> springFestival2026() {
        var days = new java.util.HashMap<LocalDate, DayKind>();
        for (LocalDate day = LocalDate.of(2026, 2, 15);
                !day.isAfter(LocalDate.of(2026, 2, 23));
                day = day.plusDays(1)) {
            days.put(day, DayKind.HOLIDAY);
        }
        days.put(LocalDate.of(2026, 2, 14), DayKind.WORKDAY);
        days.put(LocalDate.of(2026, 2, 28), DayKind.WORKDAY);
        return days;
    }
}
