package com.patchdesk.server.calendars;

import java.time.Duration;
import java.time.Instant;

/**
 * Arithmetic on the time that counts for an SLA: the working hours of a business calendar, or every hour of the day
 * ({@link #AROUND_THE_CLOCK}).
 */
public interface WorkingTime {

    /** Every instant counts: plain instant arithmetic. */
    WorkingTime AROUND_THE_CLOCK = new WorkingTime() {
        @Override
        public Instant plus(Instant from, Duration work) {
            return from.plus(work);
        }

        @Override
        public Instant minus(Instant from, Duration work) {
            return from.minus(work);
        }

        @Override
        public Duration between(Instant from, Instant to) {
            return Duration.between(from, to);
        }

        @Override
        public String toString() {
            return "24x7";
        }
    };

    /** The earliest instant by which {@code work} (not negative) of working time has passed since {@code from}. */
    Instant plus(Instant from, Duration work);

    /** The latest instant from which {@code work} (not negative) of working time passes until {@code from}. */
    Instant minus(Instant from, Duration work);

    /** The working time from {@code from} to {@code to}; negative when {@code to} is before {@code from}. */
    Duration between(Instant from, Instant to);

    /** {@link #plus} or, for a negative {@code work}, {@link #minus}. */
    default Instant shift(Instant from, Duration work) {
        return work.isNegative() ? minus(from, work.negated()) : plus(from, work);
    }
}
