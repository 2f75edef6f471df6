package com.patchdesk.server.files;

import com.patchdesk.server.problems.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** How long a download or upload link stays valid: an ISO-8601 duration, the default when none, at most the maximum. */
final class LinkValidity {

    private LinkValidity() {}

    static Instant expiry(String validFor, FilesProperties settings, Clock clock) {
        Duration duration;
        try {
            duration = validFor == null || validFor.isBlank() ? settings.defaultLinkValid() : Duration.parse(validFor);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("validFor", "validFor must be an ISO-8601 duration such as P7D or PT12H");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(settings.maxLinkValid()) > 0) {
            throw new InvalidInputException(
                    "validFor", "validFor must be positive and at most " + settings.maxLinkValid());
        }
        return clock.instant().plus(duration);
    }
}
