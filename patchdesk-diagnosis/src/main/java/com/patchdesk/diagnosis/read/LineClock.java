package com.patchdesk.diagnosis.read;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The time of servicing lines read in order. Runs of lines share a second, so the timestamp is parsed once per
 * distinct second, and a new second of the same day keeps the day: checking a date was a tenth of a dense log's
 * reading thread (docs/performance-history.md, "Second pass"). One clock serves one thread; the time it gives a line
 * depends on the line alone, so clocks on several threads agree.
 */
final class LineClock {

    private String timeOf;
    private LocalDateTime time;

    /** The line's time, or null for a continuation line or an impossible date ({@link ServicingLine#time()}). */
    LocalDateTime of(ServicingLine l) {
        if (!l.stamped()) {
            // A fragment may have a date and time of another layout before its columns; a continuation has none.
            return l.columned() ? l.time() : null;
        }
        return ofStamped(l.raw());
    }

    /** The time of a stamped line ({@link ServicingLine#isStamped}), or null for an impossible date. */
    LocalDateTime ofStamped(String raw) {
        if (timeOf == null || !raw.regionMatches(0, timeOf, 0, ServicingLine.TIMESTAMP_LENGTH)) {
            LocalDate day = time != null && raw.regionMatches(0, timeOf, 0, ServicingLine.DATE_LENGTH)
                    ? time.toLocalDate()
                    : null;
            timeOf = raw;
            time = day != null ? ServicingLine.stampTimeOn(raw, day) : ServicingLine.stampTime(raw);
        }
        return time;
    }
}
